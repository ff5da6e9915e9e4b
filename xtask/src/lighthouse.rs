//! `cargo xtask bench lcp`: the sign-in page's Largest Contentful Paint as Lighthouse 12 measures
//! it with its default (mobile) settings: simulated slow 4G (150 ms round trips, 1.6 Mbit/s) and a
//! 4× slower CPU. The release server runs the demo agency on a free loopback port; Lighthouse
//! (from npm, through `npx`) drives the Chromium the tests use, three times. Budget (DESIGN.md):
//! 1.5 s.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use crate::{cargo, dist, setup, workspace_root};

const RUNS: usize = 3;
const BUDGET_MS: f64 = 1500.0;
const LIGHTHOUSE: &str = "lighthouse@12";

pub fn sign_in_page() -> anyhow::Result<()> {
    setup::toolchain()?;
    setup::browser()?;
    setup::npm()?;
    let dist = dist::build()?;
    cargo(&["build", "--release", "--package", "kompeten-server"])?;
    let data = tempdir()?;
    let mut server = Command::new(workspace_root().join("target/release/kompeten"))
        .args(["--demo", "--listen", "127.0.0.1:0", "--log", "warn", "--data-dir"])
        .arg(&data)
        .arg("--assets-dir")
        .arg(&dist)
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the server")?;
    let result = measure(&mut server);
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    result
}

fn measure(server: &mut std::process::Child) -> anyhow::Result<()> {
    let mut lines = BufReader::new(server.stdout.take().context("the server's output")?).lines();
    let url = loop {
        let line = lines.next().context("the server stopped before printing its address")??;
        if let Some(at) = line.find("http://") {
            break line[at..].trim().to_owned();
        }
    };
    // Keep reading, or the server's next line would meet a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let page = format!("{url}/masuk");
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|name| setup::on_path(name)).context("no chromium on PATH")?;
    println!("Sign-in page {page}, Lighthouse 12, mobile (simulated slow 4G, 4× CPU slowdown):");
    let mut lcp = Vec::new();
    for run in 1..=RUNS {
        let report = std::env::temp_dir().join(format!("kompeten-lighthouse-{}-{run}.json", std::process::id()));
        let status = Command::new("npx")
            .args(["--yes", LIGHTHOUSE, &page, "--only-categories=performance", "--output=json", "--quiet"])
            .arg(format!("--output-path={}", report.display()))
            .arg("--chrome-flags=--headless --no-sandbox --disable-gpu --no-first-run")
            .env("CHROME_PATH", which(chromium)?)
            .status()
            .context("running npx lighthouse")?;
        if !status.success() {
            bail!("lighthouse failed ({status})");
        }
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report)?).context("reading Lighthouse's report")?;
        let _ = std::fs::remove_file(&report);
        let audit = |name: &str| json["audits"][name]["numericValue"].as_f64().with_context(|| format!("no {name} in the report"));
        // Lighthouse names the element only if it is still in the page at the end (the app replaces
        // index.html's shell with its own sign-in page).
        let element = json["audits"]["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]["node"]["selector"]
            .as_str()
            .map(|selector| format!(", largest: {selector}"))
            .unwrap_or_default();
        let (largest, first) = (audit("largest-contentful-paint")?, audit("first-contentful-paint")?);
        println!(
            "  run {run}: LCP {largest:>5.0} ms   FCP {first:>5.0} ms   TBT {:>4.0} ms   CLS {:.3}   interactive {:>5.0} ms   (Lighthouse {}{element})",
            audit("total-blocking-time")?,
            audit("cumulative-layout-shift")?,
            audit("interactive")?,
            json["lighthouseVersion"].as_str().unwrap_or("?"),
        );
        lcp.push(largest);
    }
    lcp.sort_by(f64::total_cmp);
    let median = lcp[RUNS / 2];
    println!("  Largest Contentful Paint: median {median:.0} ms (budget {BUDGET_MS:.0} ms)");
    if median > BUDGET_MS {
        bail!("over budget: the sign-in page's LCP is {median:.0} ms");
    }
    Ok(())
}

/// The full path of `program` on PATH.
fn which(program: &str) -> anyhow::Result<std::path::PathBuf> {
    let paths = std::env::var_os("PATH").context("no PATH")?;
    std::env::split_paths(&paths).map(|dir| dir.join(program)).find(|path| path.is_file()).with_context(|| format!("{program} not on PATH"))
}

/// A fresh folder for the server's database.
fn tempdir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("kompeten-lighthouse-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
