//! Installs what a fresh machine lacks. Every step checks first and does nothing when the thing is
//! already there, so it is safe (and fast) to run before every build.

use std::process::Command;

use anyhow::{Context, bail};

use crate::workspace_root;

/// What the browser build needs of the toolchain pinned in `rust-toolchain.toml`: the wasm32
/// target, and the standard library's source (the bundle rebuilds `std` for size; see
/// `dist.rs`). rustup does not install a pinned toolchain's targets or components by itself when
/// `RUSTUP_AUTO_INSTALL=0`, and under `cargo xtask` the toolchain is chosen by `RUSTUP_TOOLCHAIN`
/// (set by rustup's cargo proxy), which makes `rustup toolchain install` ignore the file's lists;
/// so each is added explicitly, to the toolchain this very build runs on.
pub fn toolchain() -> anyhow::Result<()> {
    ensure("target", "wasm32-unknown-unknown")?;
    ensure("component", "rust-src")
}

/// `rustup <kind> add <name>` unless `rustup <kind> list --installed` already has it.
fn ensure(kind: &str, name: &str) -> anyhow::Result<()> {
    let installed = Command::new("rustup").current_dir(workspace_root()).args([kind, "list", "--installed"]).output();
    match installed {
        Ok(output) if String::from_utf8_lossy(&output.stdout).lines().any(|line| line.starts_with(name)) => Ok(()),
        Ok(_) => {
            eprintln!("setup: installing {name} (rustup {kind} add {name})");
            let status = Command::new("rustup").current_dir(workspace_root()).args([kind, "add", name]).status().context("running rustup")?;
            if !status.success() {
                bail!("`rustup {kind} add {name}` failed; install it by hand");
            }
            Ok(())
        }
        Err(_) => {
            eprintln!("setup: rustup not found; assuming {name} is installed");
            Ok(())
        }
    }
}

/// Chromium and its matching chromedriver, from Debian's packages, for the end-to-end tests.
pub fn browser() -> anyhow::Result<()> {
    if on_path("chromium") && on_path("chromedriver") {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"], "the end-to-end tests need chromium and chromedriver")
}

/// npm (and its `npx`), from Debian's packages, for the Lighthouse measurement of the sign-in page.
pub fn npm() -> anyhow::Result<()> {
    if on_path("npx") {
        return Ok(());
    }
    apt_install(&["npm"], "measuring the sign-in page needs npx (npm) to fetch Lighthouse")
}

/// Installs Debian `packages` with apt-get (as root, or through sudo); `why` says what needs them
/// when that is not possible here.
fn apt_install(packages: &[&str], why: &str) -> anyhow::Result<()> {
    if !on_path("apt-get") {
        bail!("{why}; install {} with your package manager", packages.join(" "));
    }
    eprintln!("setup: installing {} (Debian packages)", packages.join(" "));
    let as_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !as_root && !on_path("sudo") {
        bail!("{why}: installing {} needs root; run this as root, or install them first", packages.join(" "));
    }
    let apt = |args: &[&str]| -> anyhow::Result<()> {
        let mut command = if as_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !as_root {
            command.arg("apt-get");
        }
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("running apt-get")?;
        if !status.success() {
            bail!("apt-get {} failed", args.join(" "));
        }
        Ok(())
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"][..], packages].concat())
}

pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
