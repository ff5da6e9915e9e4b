//! The `kompeten` server binary: reads the configuration, opens (and if asked, seeds) the
//! database, and serves until Ctrl-C or SIGTERM.

use anyhow::Context;
use clap::Parser;
use kompeten_server::config::{Command, Config, LogFormat};
use kompeten_server::{AppState, db::Store, seed};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of the system allocator: applying a push allocates and frees many small
/// values (decoded commands, encoded records, B-tree pages), and with glibc's allocator that cost
/// a measurable share of the push benchmark.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    init_logging(&config)?;

    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    let db_path = config.data_dir.join("kompeten.redb");
    let store = Store::open_with_cache(&db_path, config.cache_mb.saturating_mul(1024 * 1024))
        .with_context(|| format!("opening the database {}", db_path.display()))?;
    tracing::info!(path = %db_path.display(), schema_version = store.schema_version()?, "database open");
    match &config.command {
        Some(Command::Import(args)) => return kompeten_server::cli::import(&store, args),
        Some(Command::Account(args)) => return kompeten_server::cli::account(&store, args),
        None => {}
    }

    let demo_logins = if config.demo {
        if seed::seed_if_empty(&store)? {
            tracing::info!("seeded the demo agency into the empty database");
        }
        seed::demo_logins(&store)?
    } else {
        Vec::new()
    };
    if !config.assets_dir.join("index.html").is_file() {
        tracing::warn!(
            assets_dir = %config.assets_dir.display(),
            "the web app is not built there; the API works, the browser pages do not (run `cargo xtask dist`)"
        );
    }

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let address = listener.local_addr()?;
    let url = if address.ip().is_unspecified() {
        format!("http://127.0.0.1:{}", address.port())
    } else {
        format!("http://{address}")
    };
    tracing::info!(%url, "listening");

    println!("\nKompeten berjalan di / is running at: {url}");
    if !demo_logins.is_empty() {
        println!("Akun demo / demo logins (kata sandi / password: {}):", seed::DEMO_PASSWORD);
        for login in &demo_logins {
            println!("  {:<27} NIP {}  {} — {}", login.role, login.nip, login.name, login.position);
        }
    }
    println!("Tekan Ctrl-C untuk berhenti / press Ctrl-C to stop.\n");

    let mut state = AppState::new(store, config.assets_dir.clone());
    state.secure_cookies = config.secure_cookies;
    state.trusted_proxies = config.trusted_proxies.clone();
    if config.removal_retention_days > 0 {
        let retention = std::time::Duration::from_secs(u64::from(config.removal_retention_days) * 24 * 60 * 60);
        tokio::spawn(kompeten_server::maintenance::purge_old_removals(state.clone(), retention));
    }
    kompeten_server::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn init_logging(config: &Config) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&config.log).with_context(|| format!("log filter {:?}", config.log))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    Ok(())
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what service managers send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
