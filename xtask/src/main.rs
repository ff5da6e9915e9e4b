//! Project automation, run as `cargo xtask <command>`. Each command sets up what it needs on a
//! fresh machine first (the wasm32 target, a browser for the tests), so the README's two commands
//! are all a new developer types.

mod dist;
mod lighthouse;
mod setup;

use std::path::{Path, PathBuf};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

const HELP: &str = "\
cargo xtask <command>

Commands:
  run [ARGS]   Build everything and start Kompeten with the demo agency (data in ./data).
               ARGS go to the server, e.g. `cargo xtask run --listen 0.0.0.0:8080`.
  test [ARGS]  Run every test: unit, API, and end-to-end in headless Chromium.
               ARGS go to `cargo test`, e.g. `cargo xtask test -p shared`.
  bench [sync|scale|api|import|tablet|hr-device|lcp]
               Run the benchmarks and print their figures: sync throughput and server memory;
               a 100,000-employee agency's pulls and server memory; read latency with 100
               clients; HR's import of 100,000 employees; the approval queue's time to interactive in Chromium with a 4× CPU
               slowdown; an HR officer's device with 10,000 and 300,000 records (opening,
               storing a change, updating the view). Without a name, all of these; `lcp`
               (the sign-in page's Largest Contentful Paint in Lighthouse) only when named,
               as it needs npm to fetch Lighthouse.
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
        "bench" => bench(rest.first().map(String::as_str)),
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

/// The benchmarks: both, or the one named.
fn bench(which: Option<&str>) -> anyhow::Result<()> {
    if matches!(which, None | Some("sync")) {
        cargo(&["bench", "--package", "kompeten-server", "--bench", "sync"])?;
    }
    if matches!(which, None | Some("scale")) {
        cargo(&["bench", "--package", "kompeten-server", "--bench", "scale"])?;
    }
    if matches!(which, None | Some("api")) {
        cargo(&["bench", "--package", "kompeten-server", "--bench", "api"])?;
    }
    if matches!(which, None | Some("import")) {
        cargo(&["bench", "--package", "kompeten-server", "--bench", "import"])?;
    }
    let in_browser: Vec<&str> = [("tablet", "tablet"), ("hr-device", "hr_device")]
        .into_iter()
        .filter(|(name, _)| which.is_none() || which == Some(*name))
        .map(|(_, bench)| bench)
        .collect();
    if !in_browser.is_empty() {
        setup::toolchain()?;
        setup::browser()?;
        let dist = dist::build()?;
        for bench in in_browser {
            cargo_with(&["bench", "--package", "tests", "--bench", bench], &[("KOMPETEN_DIST", dist.as_os_str())])?;
        }
    }
    if which == Some("lcp") {
        lighthouse::sign_in_page()?;
    }
    if let Some(other) = which.filter(|w| !matches!(*w, "sync" | "scale" | "api" | "import" | "tablet" | "hr-device" | "lcp")) {
        bail!("unknown benchmark {other:?}: sync, scale, api, import, tablet, hr-device or lcp");
    }
    Ok(())
}

/// Everything the tests need, then every test of the workspace, ending with one summary line.
fn test(cargo_args: &[String]) -> anyhow::Result<()> {
    setup::toolchain()?;
    // `-p NAME` runs that package's tests only (cargo ignores `-p` beside `--workspace`); the
    // browser and the web bundle are made ready only when the browser tests (package `tests`)
    // are among them.
    let packages: Vec<&str> = cargo_args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 && matches!(cargo_args[i - 1].as_str(), "-p" | "--package"))
        .map(|(_, name)| name.as_str())
        .chain(cargo_args.iter().filter_map(|arg| arg.strip_prefix("--package=")))
        .collect();
    let mut command = Command::new(cargo_binary());
    if packages.is_empty() || packages.contains(&"tests") {
        setup::browser()?;
        command.env("KOMPETEN_DIST", dist::build()?);
    }
    // Doc-tests are left out: the crates have none, and rustdoc would compile every crate again.
    // The app has no host tests (its logic lives in `shared`), so it is not built for the host.
    let mut args = vec!["test"];
    if packages.is_empty() {
        args.extend(["--workspace", "--exclude", "app"]);
    }
    // Every target with tests, unless some are named (`--test e2e`).
    if !cargo_args.iter().any(|arg| matches!(arg.as_str(), "--test" | "--lib" | "--bins" | "--tests") || arg.starts_with("--test=")) {
        args.extend(["--lib", "--bins", "--tests"]);
    }
    args.extend(cargo_args.iter().map(String::as_str));
    let mut child = command
        .current_dir(workspace_root())
        .args(&args)
        .stdout(Stdio::piped())
        .spawn()
        .context("running cargo test")?;
    // Pass the output through while adding up the per-binary results, so the run closes with
    // one line that says what ran, whatever binary happened to run last.
    let mut totals = TestTotals::default();
    for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let line = line?;
        println!("{line}");
        totals.add(&line);
    }
    let status = child.wait()?;
    println!("\ntests: {} passed, {} failed, {} skipped", totals.passed, totals.failed, totals.ignored);
    if !status.success() {
        bail!("tests failed");
    }
    if totals.passed == 0 {
        bail!("no test ran");
    }
    Ok(())
}

/// Sums of cargo test's `test result: ok. 3 passed; 0 failed; 1 ignored; ...` lines.
#[derive(Debug, Default, PartialEq)]
struct TestTotals {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl TestTotals {
    fn add(&mut self, line: &str) {
        let Some(counts) = line.strip_prefix("test result: ") else { return };
        for part in counts.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(number), Some(label)) = (words.next().and_then(|n| n.parse::<u64>().ok()), words.next()) {
                match label {
                    "passed" => self.passed += number,
                    "failed" => self.failed += number,
                    "ignored" => self.ignored += number,
                    _ => {}
                }
            }
        }
    }
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
    cargo_with(args, &[])
}

/// [`cargo`] with extra environment variables.
pub fn cargo_with(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> anyhow::Result<()> {
    let status = Command::new(cargo_binary())
        .current_dir(workspace_root())
        .args(args)
        .envs(env.iter().copied())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::TestTotals;

    #[test]
    fn test_totals_add_up_result_lines_and_ignore_the_rest() {
        let mut totals = TestTotals::default();
        for line in [
            "test result: ok. 13 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test something ... ok",
            "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.2s",
        ] {
            totals.add(line);
        }
        assert_eq!(totals, TestTotals { passed: 16, failed: 1, ignored: 2 });
    }
}
