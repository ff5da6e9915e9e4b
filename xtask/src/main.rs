//! Project automation, run as `cargo xtask <command>`. Each command sets up what it needs on a
//! fresh machine first (the wasm32 target, a browser for the tests), so the README's two commands
//! are all a new developer types.

mod dist;
mod setup;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

const HELP: &str = "\
cargo xtask <command>

Commands:
  run [ARGS]   Build everything and start Kompeten with the demo agency (data in ./data).
               ARGS go to the server, e.g. `cargo xtask run --listen 0.0.0.0:8080`.
  test [ARGS]  Run every test: unit, API, and end-to-end in headless Chromium.
               ARGS go to `cargo test`, e.g. `cargo xtask test -p shared`.
  dist         Build the web app into ./dist (hashed, pre-compressed) and print its sizes.
  setup        Install what the build and the tests need (idempotent).
  help         This text.
";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| "help".to_owned());
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "run" => run(&rest),
        "test" => test(&rest),
        "dist" => {
            setup::toolchain()?;
            dist::build()?;
            Ok(())
        }
        "setup" => {
            setup::toolchain()?;
            setup::browser()
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{HELP}"),
    }
}

/// Builds the web app and the server (release), then runs the server with the demo agency.
fn run(server_args: &[String]) -> anyhow::Result<()> {
    setup::toolchain()?;
    let dist = dist::build()?;
    cargo(&["build", "--release", "--package", "kompeten-server"])?;
    let root = workspace_root();
    let binary = root.join("target/release/kompeten");
    let mut server = Command::new(&binary);
    server
        .current_dir(&root)
        .arg("--demo")
        .arg("--data-dir")
        .arg(root.join("data"))
        .arg("--assets-dir")
        .arg(&dist)
        .args(server_args);
    // Ctrl-C reaches the server too (same process group); it shuts down gracefully and we follow.
    let status = server.status().with_context(|| format!("starting {}", binary.display()))?;
    if !status.success() {
        bail!("the server stopped with {status}");
    }
    Ok(())
}

/// Everything the tests need, then every test of the workspace.
fn test(cargo_args: &[String]) -> anyhow::Result<()> {
    setup::toolchain()?;
    setup::browser()?;
    let dist = dist::build()?;
    let mut args = vec!["test".to_owned(), "--workspace".to_owned()];
    args.extend(cargo_args.iter().cloned());
    let status = Command::new(cargo_binary())
        .current_dir(workspace_root())
        .args(&args)
        .env("KOMPETEN_DIST", &dist)
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("tests failed");
    }
    Ok(())
}

/// The workspace root (this crate's parent folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

/// The cargo that started us, so the pinned toolchain is used throughout.
pub fn cargo_binary() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs cargo in the workspace root and fails if it fails.
pub fn cargo(args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(cargo_binary())
        .current_dir(workspace_root())
        .args(args)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}
