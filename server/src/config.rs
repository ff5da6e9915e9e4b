//! Server configuration, from command-line flags or environment variables (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Kompeten: competency management for civil servants (ASN). Serves the web app and its API.
#[derive(Clone, Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "KOMPETEN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder for the database file (kompeten.redb); created if missing.
    #[arg(long, env = "KOMPETEN_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Folder of the built web app (index.html and assets/), as written by `cargo xtask dist`.
    #[arg(long, env = "KOMPETEN_ASSETS_DIR", default_value = "dist")]
    pub assets_dir: PathBuf,

    /// Log filter: a level (error, warn, info, debug, trace) or per-module directives such as
    /// "info,kompeten_server=debug".
    #[arg(long, env = "KOMPETEN_LOG", default_value = "info")]
    pub log: String,

    /// Log format: human-readable text, or one JSON object per line for log collectors.
    #[arg(long, env = "KOMPETEN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Fill an empty database with a fictional demo agency and print its demo logins. Never
    /// touches a database that already holds employees.
    #[arg(long, env = "KOMPETEN_DEMO")]
    pub demo: bool,

    /// Address of a reverse proxy in front of the server (repeat the flag, or separate with commas
    /// in the variable). Its X-Forwarded-For header then names the client, so sign-in attempts are
    /// limited per real client rather than for the proxy as a whole.
    #[arg(long = "trusted-proxy", env = "KOMPETEN_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Memory for the database's page cache, in MiB. More keeps more of a large database in
    /// memory; the server's whole footprint is meant to stay under 300 MB.
    #[arg(long, env = "KOMPETEN_CACHE_MB", default_value_t = crate::db::DEFAULT_CACHE_BYTES / (1024 * 1024))]
    pub cache_mb: usize,

    /// Days that removals (discarded drafts, records that left someone's view) stay in the change
    /// feed. A device that last synced longer ago downloads its records again, keeping its
    /// unsent changes. 0 keeps them for ever.
    #[arg(long, env = "KOMPETEN_REMOVAL_RETENTION_DAYS", default_value_t = 90)]
    pub removal_retention_days: u32,

    /// Mark the session cookie Secure. Set this when users reach the server over HTTPS (through a
    /// reverse proxy).
    #[arg(long, env = "KOMPETEN_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Without a subcommand, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Load the agency from spreadsheet exports (CSV) into the database in the data folder, with
    /// the server stopped: prints every problem by row, or what the files change; `--apply`
    /// applies them. HR's import screen does the same while the server runs.
    Import(ImportArgs),
    /// Give an employee a one-time password, to change at their first sign-in (a new account, or
    /// a reset of theirs), with the server stopped; `--hr` also grants HR rights. The way to the
    /// agency's first HR officer; later ones are made on HR's accounts screen.
    Account(AccountArgs),
}

#[derive(Clone, Debug, Args)]
pub struct AccountArgs {
    /// The employee's NIP (already imported).
    #[arg(long)]
    pub nip: String,
    /// Grant HR rights too.
    #[arg(long)]
    pub hr: bool,
}

#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    /// The units file (columns kode, nama, induk).
    #[arg(long)]
    pub units: Option<PathBuf>,
    /// The positions file (kode, nama, jenjang, unit, atasan, then a column per competency code).
    #[arg(long)]
    pub positions: Option<PathBuf>,
    /// The employees file (nip, nama, pangkat, jenis, jabatan, tanggal_lahir, tmt).
    #[arg(long)]
    pub employees: Option<PathBuf>,
    /// Apply the files if they have no problems (without it, only what they change is shown).
    #[arg(long)]
    pub apply: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}
