//! The web bundle: builds `app` for wasm32 with the size profile, generates the JS glue with the
//! wasm-bindgen library (the exact version in Cargo.lock, name section removed), names every
//! asset by a hash of its content, writes brotli and gzip copies beside each file, and fills in
//! `app/index.html`. The result is `dist/`:
//!
//! ```text
//! dist/index.html(.br,.gz)                   revalidated on every load
//! dist/assets/kompeten-<hash>.js(.br,.gz)    cached for good: the name changes with the content
//! dist/assets/kompeten-<hash>_bg.wasm(...)
//! dist/assets/kompeten-<hash>.css(...)
//! dist/assets/icon-<hash>.svg(...)
//! dist/sw.js(...)                            the service worker, revalidated on every load
//! dist/manifest.webmanifest(...)
//! ```

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::{cargo_with, workspace_root};

/// The compiler flags of the browser build, on top of the size profile (`[profile.wasm-release]`).
/// They are unstable options of the pinned compiler, enabled for this one build with
/// `RUSTC_BOOTSTRAP=1` (as the Leptos book suggests for size, there on a nightly toolchain):
///
/// - `std` itself is rebuilt for size with the app (`-Zbuild-std`; needs the `rust-src`
///   component, which `setup` installs), instead of the prebuilt, speed-optimised one, with its
///   `optimize_for_size` feature (smaller sorting and formatting code; 2.4 kB when measured);
/// - a panic stops the module at once (`-Cpanic=immediate-abort`): no panic messages, locations
///   or their formatting are shipped (a panic is a bug either way; the app has no recovery);
/// - `{:?}` formatting prints nothing (`-Zfmt-debug=none`): no `Debug` code is shipped, and no
///   source locations either (`-Zlocation-detail=none`).
///
/// Together they took 23 kB (brotli) off the first load when measured (295 kB to 272 kB).
/// `KOMPETEN_STABLE_WASM=1` builds without them, for a toolchain where they stop working.
const SIZE_FLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none";

fn build_wasm() -> anyhow::Result<()> {
    let size_options: &[(&str, &OsStr)] = &[
        ("RUSTC_BOOTSTRAP", "1".as_ref()),
        ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort".as_ref()),
        ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size".as_ref()),
        // Added to `.cargo/config.toml`'s flags for the target (cargo joins the two lists).
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", SIZE_FLAGS.as_ref()),
    ];
    let env = if std::env::var_os("KOMPETEN_STABLE_WASM").is_none() { size_options } else { &[] };
    cargo_with(&["build", "--package", "app", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"], env)
}

/// Builds `dist/` and returns its path.
pub fn build() -> anyhow::Result<PathBuf> {
    let root = workspace_root();
    build_wasm()?;
    let wasm_path = root.join("target/wasm32-unknown-unknown/wasm-release/app.wasm");

    let glue_dir = root.join("target/wasm-bindgen");
    if glue_dir.exists() {
        fs::remove_dir_all(&glue_dir)?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm_path)
        .out_name("kompeten")
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .omit_default_module_path(false)
        .generate(&glue_dir)
        .context("generating the JS glue with wasm-bindgen")?;
    if glue_dir.join("snippets").exists() {
        bail!("the app now uses inline JS snippets; teach xtask/src/dist.rs to copy target/wasm-bindgen/snippets");
    }

    let staging = root.join("target/dist-staging");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(staging.join("assets"))?;

    let icon = fs::read(root.join("app/public/icon.svg")).context("reading app/public/icon.svg")?;
    let icon_name = format!("icon-{}.svg", short_hash(&icon));
    let (js, wasm) = drop_unused_classes(&fs::read_to_string(glue_dir.join("kompeten.js"))?, &fs::read(glue_dir.join("kompeten_bg.wasm"))?)?;
    let js = js.into_bytes();
    let css = stylesheet(&root.join("style"))?;
    let js_name = format!("kompeten-{}.js", short_hash(&js));
    let wasm_name = format!("kompeten-{}_bg.wasm", short_hash(&wasm));
    let css_name = format!("kompeten-{}.css", short_hash(css.as_bytes()));

    let template = fs::read_to_string(root.join("app/index.html")).context("reading app/index.html")?;
    let index = template
        .replace("{{JS}}", &format!("/assets/{js_name}"))
        .replace("{{WASM}}", &format!("/assets/{wasm_name}"))
        .replace("{{CSS}}", &format!("/assets/{css_name}"))
        .replace("{{ICON}}", &format!("/assets/{icon_name}"));
    let manifest = fs::read_to_string(root.join("app/manifest.webmanifest"))?.replace("{{ICON}}", &format!("/assets/{icon_name}"));
    // The worker's version is the shell's: any change of any shell file changes index.html's
    // hashed names, so a new worker (and a new cache) comes exactly with a new build.
    let shell: Vec<String> = std::iter::once("/".to_owned())
        .chain([&js_name, &wasm_name, &css_name, &icon_name].iter().map(|name| format!("/assets/{name}")))
        .collect();
    let worker = fs::read_to_string(root.join("app/sw.js"))?
        .replace("{{VERSION}}", &short_hash(format!("{index}{manifest}").as_bytes()))
        .replace("{{SHELL}}", &format!("{shell:?}"));

    let mut report = Vec::new();
    for (relative, bytes) in [
        (PathBuf::from("index.html"), index.as_bytes()),
        (Path::new("assets").join(&js_name), &js[..]),
        (Path::new("assets").join(&wasm_name), &wasm[..]),
        (Path::new("assets").join(&css_name), css.as_bytes()),
        (Path::new("assets").join(&icon_name), &icon[..]),
        (PathBuf::from("sw.js"), worker.as_bytes()),
        (PathBuf::from("manifest.webmanifest"), manifest.as_bytes()),
    ] {
        report.push(write_with_compressed_copies(&staging.join(&relative), bytes, relative)?);
    }

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::rename(&staging, &dist)?;
    print_report(&report);
    Ok(dist)
}

/// The classes that Leptos's `server_fn` dependency exports for streaming request bodies
/// (`wasm-streams`' `IntoUnderlyingSource` and friends). wasm-bindgen keeps every export of every
/// crate linked, but the app has no server functions and never hands these to JavaScript.
const UNUSED_CLASSES: [&str; 3] = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// Takes [`UNUSED_CLASSES`] out of the bundle, as a bundler's tree-shaking would: their exports
/// leave the wasm module with every function only they reached, and their classes and
/// finalization registries leave the JS glue. Fails if the glue does not have the expected shape
/// (a new wasm-bindgen), rather than ship a half-edited one.
fn drop_unused_classes(js: &str, wasm: &[u8]) -> anyhow::Result<(String, Vec<u8>)> {
    let mut module = walrus::Module::from_buffer(wasm).context("reading the generated wasm")?;
    let prefixes: Vec<String> = UNUSED_CLASSES.iter().flat_map(|class| {
        let lower = class.to_lowercase();
        [format!("{lower}_"), format!("__wbg_{lower}_")]
    }).collect();
    let unused: Vec<_> = module.exports.iter().filter(|export| prefixes.iter().any(|prefix| export.name.starts_with(prefix.as_str()))).map(|export| export.id()).collect();
    if unused.is_empty() {
        bail!("the wasm no longer exports {UNUSED_CLASSES:?}; remove drop_unused_classes from xtask/src/dist.rs");
    }
    for id in unused {
        module.exports.delete(id);
    }
    walrus::passes::gc::run(&mut module);

    let mut glue = js.to_owned();
    for class in UNUSED_CLASSES {
        // `export class X { … }` ends at the first `}` at the start of a line.
        let start = glue.find(&format!("export class {class} {{\n")).with_context(|| format!("class {class} not found in the JS glue"))?;
        let end = start + glue[start..].find("\n}\n").context("end of an exported class not found in the JS glue")? + 3;
        glue.replace_range(start..end, "");
        let dispose = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
        glue = glue.replacen(&dispose, "", 1);
        // `const XFinalization = (typeof FinalizationRegistry === 'undefined') ? … : new …;`
        let start = glue.find(&format!("const {class}Finalization = ")).with_context(|| format!("{class}Finalization not found in the JS glue"))?;
        let end = start + glue[start..].find(");\n").context("end of a finalization registry not found in the JS glue")? + 3;
        glue.replace_range(start..end, "");
    }
    if glue.contains("IntoUnderlying") || glue.contains("intounderlying") {
        bail!("the JS glue still names one of {UNUSED_CLASSES:?} after they were taken out");
    }
    Ok((glue, module.emit_wasm()))
}

/// All of `style/*.css`, in file-name order (the files are numbered: tokens first).
fn stylesheet(style_dir: &Path) -> anyhow::Result<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(style_dir)
        .with_context(|| format!("reading {}", style_dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "css"));
    files.sort();
    let mut css = String::new();
    for file in files {
        css.push_str(&fs::read_to_string(&file)?);
        css.push('\n');
    }
    Ok(minify_css(&css))
}

/// The stylesheet without its comments and spare whitespace (0.6 kB of the compressed first load
/// when measured). Quoted strings are kept exactly; whitespace is only dropped next to `{`, `}`,
/// `;`, `,` and `>`, where CSS never needs it, and a run of it elsewhere becomes one space (so a
/// descendant selector or a value like `1px solid` keeps its meaning).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                if pending_space && !out.is_empty() && !out.ends_with(TIGHT) {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            c => {
                if pending_space && !out.is_empty() && !out.ends_with(TIGHT) && !TIGHT.contains(&c) {
                    out.push(' ');
                }
                pending_space = false;
                // The last declaration of a block needs no `;`.
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out
}


/// The first 16 hex digits of the content's SHA-256: plenty to tell versions apart.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

struct Sizes {
    name: PathBuf,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn write_with_compressed_copies(path: &Path, bytes: &[u8], name: PathBuf) -> anyhow::Result<Sizes> {
    fs::write(path, bytes)?;

    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes)?;
    let gzip = gzip.finish()?;
    fs::write(with_suffix(path, ".gz"), &gzip)?;

    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params)?;
    fs::write(with_suffix(path, ".br"), &brotli)?;

    Ok(Sizes { name, raw: bytes.len(), gzip: gzip.len(), brotli: brotli.len() })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn print_report(report: &[Sizes]) {
    let kb = |bytes: usize| bytes as f64 / 1000.0;
    println!("\ndist/ (first load: all of it)                    raw        gzip      brotli");
    for sizes in report {
        println!(
            "  {:<44} {:>7.1} kB {:>7.1} kB {:>7.1} kB",
            sizes.name.display(),
            kb(sizes.raw),
            kb(sizes.gzip),
            kb(sizes.brotli)
        );
    }
    let total = |f: fn(&Sizes) -> usize| report.iter().map(f).sum::<usize>();
    println!(
        "  {:<44} {:>7.1} kB {:>7.1} kB {:>7.1} kB   (budget: 250 kB compressed)\n",
        "total",
        kb(total(|s| s.raw)),
        kb(total(|s| s.gzip)),
        kb(total(|s| s.brotli))
    );
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn minified_css_keeps_its_meaning() {
        let css = "/* tokens */\n:root {\n  --x: 1px; /* note */\n}\n.a .b,\n.c > .d:hover {\n  border: 1px  solid red;\n  content: \"a  /* b */ ; c\";\n  margin: calc(100% - var(--x));\n}\n@media (min-width: 40rem) and (hover: hover) { .e { color: blue; } }\n";
        assert_eq!(
            minify_css(css),
            ":root{--x: 1px}.a .b,.c>.d:hover{border: 1px solid red;content: \"a  /* b */ ; c\";margin: calc(100% - var(--x))}@media (min-width: 40rem) and (hover: hover){.e{color: blue}}"
        );
    }
}
