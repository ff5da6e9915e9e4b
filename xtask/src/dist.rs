//! The web bundle: builds `app` for wasm32 with the size profile, splits the wasm at its split
//! points (pages loaded on demand, see [`split_wasm`]), generates the JS glue for the main module
//! with the wasm-bindgen library (the exact version in Cargo.lock, name section removed), names
//! every asset by a hash of its content, writes brotli and gzip copies beside each file, and fills
//! in `app/index.html`. The steps, in this order:
//!
//! 1. `cargo build` (with `-Clink-arg=--emit-relocs`: the split needs the linker's relocations);
//! 2. the split (`wasm_split_cli_support::transform`): main module, chunks, link module (JS);
//! 3. wasm-bindgen on the main module (keeping lld's exports: the chunks use the function table);
//! 4. the unused stream classes out of main module and glue ([`drop_unused_classes`]);
//! 5. each chunk re-encoded without names and hashed; the link module, now naming the hashed
//!    chunks, merged into the glue ([`merge_link_module`]); then the glue hashed, and so on.
//!
//! The result is `dist/`:
//!
//! ```text
//! dist/index.html(.br,.gz)                   revalidated on every load
//! dist/assets/kompeten-<hash>.js(.br,.gz)    cached for good: the name changes with the content
//! dist/assets/kompeten-<hash>_bg.wasm(...)
//! dist/assets/kompeten-<page>-<hash>.wasm(...) a page's chunk, fetched when the page first opens
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
/// `KOMPETEN_STABLE_WASM=1` builds without them, for a toolchain where they stop working
/// ([`SPLIT_FLAGS`] stay: the split needs them).
const SIZE_FLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none";

/// The linker keeps its relocations in the module (a `linking` section and `reloc.*`), which the
/// split needs to move functions and data between modules. Stable; no effect on what is shipped
/// (the split's output has no relocations, and wasm-bindgen re-encodes the main module).
const SPLIT_FLAGS: &str = "-Clink-arg=--emit-relocs";

fn build_wasm() -> anyhow::Result<()> {
    let size_flags = format!("{SIZE_FLAGS} {SPLIT_FLAGS}");
    let size_options: &[(&str, &OsStr)] = &[
        ("RUSTC_BOOTSTRAP", "1".as_ref()),
        ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort".as_ref()),
        ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size".as_ref()),
        // Added to `.cargo/config.toml`'s flags for the target (cargo joins the two lists).
        ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", size_flags.as_ref()),
    ];
    let stable_options: &[(&str, &OsStr)] = &[("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", SPLIT_FLAGS.as_ref())];
    let env = if std::env::var_os("KOMPETEN_STABLE_WASM").is_none() { size_options } else { stable_options };
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
    let split = split_wasm(&wasm_path, &root.join("target/wasm-split"))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        // The chunks reach the function table through this export (lld's, removed by default).
        .keep_lld_exports(true)
        .out_name("kompeten")
        .web(true)?
        .typescript(false)
        // `KOMPETEN_WASM_NAMES=1` keeps the function names in the main module, to see what
        // takes its size (`twiggy top dist/assets/kompeten-*_bg.wasm`); never for shipping.
        .remove_name_section(std::env::var_os("KOMPETEN_WASM_NAMES").is_none())
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
    // Each chunk, named by its content, and the glue with the chunks' loaders in it, so that
    // the glue's name follows theirs.
    let mut chunks = Vec::new();
    for (file, bytes) in &split.chunks {
        let bytes = compact_chunk(bytes).with_context(|| format!("re-encoding the chunk {file}"))?;
        let stem = file.trim_end_matches(".wasm").trim_start_matches("split_");
        chunks.push((file.clone(), format!("kompeten-{stem}-{}.wasm", short_hash(&bytes)), bytes));
    }
    let names: Vec<(&str, &str)> = chunks.iter().map(|(file, name, _)| (file.as_str(), name.as_str())).collect();
    let js = minify_js(&merge_link_module(&js, &split.link_js, &names)?).into_bytes();
    let css = stylesheet(&root.join("style"))?;
    let js_name = format!("kompeten-{}.js", short_hash(&js));
    let wasm_name = format!("kompeten-{}_bg.wasm", short_hash(&wasm));
    let css_name = format!("kompeten-{}.css", short_hash(css.as_bytes()));

    let template = fs::read_to_string(root.join("app/index.html")).context("reading app/index.html")?;
    let index = minify_html(&template)
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
    let on_demand: Vec<String> = chunks.iter().map(|(_, name, _)| format!("/assets/{name}")).collect();
    let worker = fs::read_to_string(root.join("app/sw.js"))?
        .replace("{{VERSION}}", &short_hash(format!("{index}{manifest}").as_bytes()))
        .replace("{{SHELL}}", &format!("{shell:?}"))
        .replace("{{ON_DEMAND}}", &format!("{on_demand:?}"));

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
    // Fetched when a page needs them, not at the first load: reported apart.
    let mut on_demand = Vec::new();
    for (_, name, bytes) in &chunks {
        let relative = Path::new("assets").join(name);
        on_demand.push(write_with_compressed_copies(&staging.join(&relative), bytes, relative)?);
    }

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::rename(&staging, &dist)?;
    print_report(&report, &on_demand);
    // The employee's and supervisor's first load (DESIGN.md's budget): a build over it fails, so
    // a change that grows it past the budget is seen at once (in `cargo xtask test` too).
    let first_load: usize = report.iter().map(|sizes| sizes.brotli).sum();
    if first_load > FIRST_LOAD_BUDGET {
        bail!(
            "the first load is {:.1} kB brotli, over its budget of {:.0} kB: move something to a chunk loaded on demand, or find a saving",
            first_load as f64 / 1000.0,
            FIRST_LOAD_BUDGET as f64 / 1000.0
        );
    }
    Ok(dist)
}

/// The app's wasm, split at its split points (`#[wasm_split]`/`#[lazy]` functions) by
/// `wasm_split_cli_support`, the library cargo-leptos uses: the main module (for wasm-bindgen,
/// which must come after the split: the split needs the linker's relocations, which wasm-bindgen
/// drops), one chunk per split point (plus shared chunks when split points share code), and the
/// link module: the JS that fetches and instantiates a chunk when the main module asks.
struct Split {
    main: PathBuf,
    /// (file name, content) of each chunk.
    chunks: Vec<(String, Vec<u8>)>,
    link_js: String,
}

/// The link module's name as the main module imports it, and the glue's as the link module
/// imports it; both disappear when the link module is merged into the glue.
const LINK_MODULE: &str = "./__wasm_split.js";
const GLUE_MODULE: &str = "./kompeten.js";

fn split_wasm(input: &Path, dir: &Path) -> anyhow::Result<Split> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let main = dir.join("main.wasm");
    let wasm = fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&wasm);
        options.output_dir = dir;
        options.main_out_path = &main;
        options.link_name = LINK_MODULE;
        options.main_module = GLUE_MODULE;
        options
    })
    .map_err(|error| anyhow::anyhow!("{error:?}"))
    .context("splitting the wasm at its split points (built with -Clink-arg=--emit-relocs?)")?;
    let mut chunks = Vec::new();
    for path in split.split_modules {
        let file = path.file_name().and_then(OsStr::to_str).context("a chunk's file name")?.to_owned();
        chunks.push((file, fs::read(&path)?));
    }
    chunks.sort();
    let link_js = fs::read_to_string(dir.join(LINK_MODULE)).context("reading the split's link module")?;
    Ok(Split { main, chunks, link_js })
}

/// A chunk as the split wrote it still has its name section and the linker's padded indices;
/// walrus writes it again without names and with compact indices, as wasm-bindgen does for the
/// main module.
fn compact_chunk(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut config = walrus::ModuleConfig::new();
    config.generate_name_section(false).generate_producers_section(false);
    let mut module = config.parse(bytes)?;
    // Only the split's custom sections (target_features) are left; the browser needs none.
    let customs: Vec<_> = module.customs.iter().map(|(id, _)| id).collect();
    for id in customs {
        module.customs.delete(id);
    }
    Ok(module.emit_wasm())
}

/// Puts the split's link module into the JS glue: the glue imported it (as the wasm module's
/// imports for the chunk loaders) and it imported the glue (for the main module's exports), so
/// separately their content-hashed names would each depend on the other. Merged, the chunks are
/// fetched relative to the glue (`new URL("./<chunk>", import.meta.url)`, so `/assets/`), by
/// their content-hashed names. Fails if either file does not have the expected shape.
fn merge_link_module(glue: &str, link: &str, chunks: &[(&str, &str)]) -> anyhow::Result<String> {
    if chunks.is_empty() && !glue.contains(LINK_MODULE) {
        // No split point (any more): nothing to load on demand.
        return Ok(glue.to_owned());
    }
    // The glue: `import * as importN from "./__wasm_split.js"` at the top, once per chunk loader
    // the wasm module imports, and `"./__wasm_split.js": importN,` as many times among the wasm
    // module's imports (in a JS object literal the last of equal keys wins, so all must go).
    let is_import = |line: &str| line.starts_with("import * as ") && line.trim_end_matches(';').ends_with(&format!(" from \"{LINK_MODULE}\""));
    let import_lines: Vec<&str> = glue.lines().filter(|line| is_import(line)).collect();
    if import_lines.is_empty() {
        bail!("the JS glue does not import the split's link module");
    }
    let mut bindings = Vec::new();
    for line in &import_lines {
        bindings.push(line["import * as ".len()..].split(' ').next().context("the link module's binding in the JS glue")?);
    }
    // The link module: `import { initSync } from "./kompeten.js";` (initSync answers the main
    // module's exports once it runs), then its functions and `export const` loaders.
    let link = link
        .strip_prefix(&format!("import {{ initSync }} from \"{GLUE_MODULE}\";\n"))
        .context("the split's link module does not start by importing initSync from the glue")?;
    let loaders: Vec<&str> = link.lines().filter_map(|line| line.strip_prefix("export const ")?.split(' ').next()).collect();
    if loaders.is_empty() {
        bail!("the split's link module exports no loader");
    }
    for name in ["sharedImports", "getSharedImports", "wrapAsyncCb", "makeLoad", "__chunk_"].iter().copied().chain(loaders.iter().copied()) {
        if glue.contains(name) {
            bail!("the JS glue already has a {name}: merging the split's link module into it would clash");
        }
    }
    let mut link = link.replace("export const ", "const ");
    for (file, name) in chunks {
        let quoted = format!("new URL(\"./{file}\", import.meta.url)");
        if !link.contains(&quoted) {
            bail!("the split's link module does not fetch {file}");
        }
        link = link.replace(&quoted, &format!("new URL(\"./{name}\", import.meta.url)"));
    }
    if link.matches("new URL(").count() != chunks.len() {
        bail!("the split's link module fetches other files than the {} chunks", chunks.len());
    }
    let mut glue: String = glue.lines().filter(|line| !is_import(line)).map(|line| format!("{line}\n")).collect();
    for (n, binding) in bindings.iter().enumerate() {
        let entry = format!("\"{LINK_MODULE}\": {binding},");
        if glue.matches(&entry).count() != 1 {
            bail!("the JS glue does not pass the link module's {binding} to the wasm module once");
        }
        // The first entry becomes the loaders, the others go (with their line).
        glue = if n == 0 {
            glue.replacen(&entry, &format!("\"{LINK_MODULE}\": {{ {} }},", loaders.join(", ")), 1)
        } else {
            let line = glue.lines().find(|line| line.trim() == entry).context("a link module entry on a line of its own")?.to_owned();
            glue.replacen(&format!("{line}\n"), "", 1)
        };
    }
    Ok(format!("{glue}\n// The chunks' loaders (wasm_split_cli_support's link module, merged by xtask/src/dist.rs).\n{link}"))
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

/// index.html without its comments (HTML ones, and the inline scripts' whole-line `//` ones) and
/// indentation (0.4 kB of the compressed first load when measured). Line breaks stay, so the
/// inline scripts read exactly as written; a `<pre>` or `<textarea>` would lose its indentation,
/// and the shell has neither.
fn minify_html(html: &str) -> String {
    let mut without_comments = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    without_comments.push_str(rest);
    without_comments
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JS glue without its indentation and whole-line `//` comments (0.7 kB of the compressed
/// first load when measured: wasm-bindgen writes a comment above every cast). Line breaks stay,
/// so automatic semicolon insertion reads it as before. Left as it is if a line break could be
/// inside a template literal (a line with an odd number of backticks), where both matter.
fn minify_js(js: &str) -> String {
    if js.lines().any(|line| line.matches('`').count() % 2 == 1) {
        return js.to_owned();
    }
    js.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).collect::<Vec<_>>().join("\n")
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
/// Ten hex digits of the content's SHA-256: enough to tell one build's file from another's
/// (names only need to change with the content), and every name is written into the glue and the
/// service worker's list, so each digit more is first-load bytes that do not compress.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect()
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

/// The first load's budget, brotli-compressed bytes.
const FIRST_LOAD_BUDGET: usize = 250_000;

fn print_report(report: &[Sizes], on_demand: &[Sizes]) {
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
    if !on_demand.is_empty() {
        println!("on demand (fetched by the page that needs it, once)");
        for sizes in on_demand {
            println!("  {:<44} {:>7.1} kB {:>7.1} kB {:>7.1} kB", sizes.name.display(), kb(sizes.raw), kb(sizes.gzip), kb(sizes.brotli));
        }
        println!();
    }
}

#[cfg(test)]
mod tests {
    use super::{merge_link_module, minify_css, minify_html, minify_js};

    #[test]
    fn the_glue_loses_comments_and_indentation_unless_a_template_literal_spans_lines() {
        let js = "export function f(a) {\n    // Cast intrinsic for `F64`.\n    const s = `x${a}`;\n    return s // kept\n}\n";
        assert_eq!(minify_js(js), "export function f(a) {\nconst s = `x${a}`;\nreturn s // kept\n}");
        let spanning = "const s = `one\n    two`;\n";
        assert_eq!(minify_js(spanning), spanning);
    }

    #[test]
    fn the_shell_loses_its_comments_and_indentation_and_keeps_its_lines() {
        let html = "<!doctype html>\n<body>\n  <!-- a note\n       on two lines -->\n  <p class=\"x\">Masuk</p>\n  <script>\n    // why\n    let a = 1 // kept\n    if (a) go()\n  </script>\n</body>\n";
        assert_eq!(minify_html(html), "<!doctype html>\n<body>\n<p class=\"x\">Masuk</p>\n<script>\nlet a = 1 // kept\nif (a) go()\n</script>\n</body>");
    }

    #[test]
    fn the_link_module_joins_the_glue_with_hashed_chunk_names() {
        let glue = "import * as import1 from \"./__wasm_split.js\"\nfunction initSync(module) {}\nfunction __wbg_get_imports() {\n    return {\n        \"./kompeten_bg.js\": import0,\n        \"./__wasm_split.js\": import1,\n    };\n}\nexport { initSync, __wbg_init as default };\n";
        let link = "import { initSync } from \"./kompeten.js\";\nlet sharedImports = undefined;\nexport const __wasm_split_load_verify = wrapAsyncCb(makeLoad(() => {\n    const src = fetch(new URL(\"./split_verify.wasm\", import.meta.url));\n}, []));\n";
        let merged = merge_link_module(glue, link, &[("split_verify.wasm", "kompeten-verify-0123.wasm")]).unwrap();
        assert!(!merged.contains("import * as import1"), "{merged}");
        assert!(!merged.contains("import { initSync }"), "{merged}");
        assert!(merged.contains("\"./__wasm_split.js\": { __wasm_split_load_verify },"), "{merged}");
        assert!(merged.contains("\nconst __wasm_split_load_verify = "), "{merged}");
        assert!(merged.contains("new URL(\"./kompeten-verify-0123.wasm\", import.meta.url)"), "{merged}");
        assert!(!merged.contains("split_verify.wasm"), "{merged}");
        // A chunk the link module does not fetch, or one it fetches that was not named, is an error.
        assert!(merge_link_module(glue, link, &[("split_other.wasm", "x.wasm")]).is_err());
        assert!(merge_link_module(glue, link, &[]).is_err());
        // wasm-bindgen imports the link module once per loader the wasm module imports: every
        // import goes, and one entry holds all the loaders (the last of equal keys would win).
        let twice = glue
            .replace("import * as import1 from \"./__wasm_split.js\"\n", "import * as import1 from \"./__wasm_split.js\"\nimport * as import2 from \"./__wasm_split.js\"\n")
            .replace("        \"./__wasm_split.js\": import1,\n", "        \"./__wasm_split.js\": import1,\n        \"./__wasm_split.js\": import2,\n");
        let merged = merge_link_module(&twice, link, &[("split_verify.wasm", "kompeten-verify-0123.wasm")]).unwrap();
        assert!(!merged.contains("import * as"), "{merged}");
        assert_eq!(merged.matches("\"./__wasm_split.js\":").count(), 1, "{merged}");
        assert!(merged.contains("\"./__wasm_split.js\": { __wasm_split_load_verify },"), "{merged}");
        // No split point: the glue stays as it is.
        let plain = "function initSync(module) {}\n";
        assert_eq!(merge_link_module(plain, "", &[]).unwrap(), plain);
    }

    #[test]
    fn minified_css_keeps_its_meaning() {
        let css = "/* tokens */\n:root {\n  --x: 1px; /* note */\n}\n.a .b,\n.c > .d:hover {\n  border: 1px  solid red;\n  content: \"a  /* b */ ; c\";\n  margin: calc(100% - var(--x));\n}\n@media (min-width: 40rem) and (hover: hover) { .e { color: blue; } }\n";
        assert_eq!(
            minify_css(css),
            ":root{--x: 1px}.a .b,.c>.d:hover{border: 1px solid red;content: \"a  /* b */ ; c\";margin: calc(100% - var(--x))}@media (min-width: 40rem) and (hover: hover){.e{color: blue}}"
        );
    }
}
