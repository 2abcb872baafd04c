//! `sala serve`: builds the site, serves it on 127.0.0.1, watches `content/`, `themes/`
//! and `site.toml`, rebuilds only what a change touches, and reloads open tabs.

mod incremental;
mod preview;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::build::{build_keep, BuildOptions};
use crate::output::LiveFolder;
use crate::render::{self, Theme};
pub use incremental::{jobs_for, Changes, Snapshot};
use sala_core::content::{self, LoadOptions, Site};
use sala_core::diagnostics::{Bilingual, CliError, Diagnostics, MessageLang};

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub lang: MessageLang,
}

/// A quiet spell this long after a change ends a burst of file events.
const DEBOUNCE_QUIET: Duration = Duration::from_millis(15);

/// The longest a burst of file events is gathered before rebuilding anyway.
const DEBOUNCE_LIMIT: Duration = Duration::from_millis(300);

/// Saving must pause this long before the search index is rebuilt.
const REINDEX_PAUSE: Duration = Duration::from_secs(2);

/// The live site between rebuilds.
struct Live {
    site: Option<Site>,
    theme: Option<Theme>,
    snapshot: Snapshot,
    /// Keys changed while the build was broken; rendered once it is fixed.
    pending: std::collections::BTreeSet<String>,
    pending_changes: Changes,
}

/// Listens on 127.0.0.1:`port`; a port in use is told with its number and a way out.
fn listen(port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        let (en, th) = if e.kind() == std::io::ErrorKind::AddrInUse {
            (
                format!("port {port} on 127.0.0.1 is already in use, perhaps by another `sala serve`"),
                format!("พอร์ต {port} บน 127.0.0.1 มีโปรแกรมอื่นใช้อยู่แล้ว อาจเป็น `sala serve` อีกตัวหนึ่ง"),
            )
        } else {
            (
                format!("cannot listen on 127.0.0.1:{port}: {e}"),
                format!("เปิดพอร์ต {port} บน 127.0.0.1 ไม่ได้: {e}"),
            )
        };
        CliError::plain(
            Bilingual::new(en, th),
            Bilingual::new(
                "stop the other program, or choose another port: `sala serve --port 0` picks a free one",
                "ให้ปิดโปรแกรมที่ใช้พอร์ตนั้นอยู่ หรือเลือกพอร์ตอื่น: `sala serve --port 0` จะเลือกพอร์ตที่ว่างให้เอง",
            ),
        )
        .into()
    })
}

pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let root = options.root.canonicalize().map_err(|e| {
        let root = options.root.display();
        CliError::plain(
            Bilingual::new(
                format!("cannot open the site folder {root}: {e}"),
                format!("เปิดโฟลเดอร์เว็บไซต์ {root} ไม่ได้: {e}"),
            ),
            Bilingual::new(
                "run sala in the site's folder, or pass --root DIR",
                "ให้รัน sala ในโฟลเดอร์ของเว็บไซต์ หรือระบุ --root DIR",
            ),
        )
    })?;
    let out = root.join("public");
    let shared = Arc::new(preview::Shared::default());
    let lang = options.lang;

    // Take the port before the first build, so a busy one is told at once rather than
    // after a build that could not be shown.
    let listener = listen(options.port)?;
    let mut build_options = BuildOptions::new(&root);
    build_options.drafts = options.drafts;
    let mut live = Live {
        site: None,
        theme: None,
        snapshot: Snapshot::default(),
        pending: Default::default(),
        pending_changes: Changes::default(),
    };
    match build_keep(&build_options) {
        Ok((report, site, theme)) => {
            for w in &report.warnings.0 {
                eprintln!("{}", w.display_warning(lang));
            }
            eprintln!("{}", summary(lang, report.html_files, report.total));
            live.snapshot = Snapshot::of(&site);
            live.site = Some(site);
            live.theme = Some(theme);
        }
        Err(problems) => {
            eprintln!("{}", problems.display(lang));
            shared.set_errors(Some(preview::overlay(&problems, lang)));
        }
    }

    let reindex = spawn_indexer(root.clone(), out.clone(), options.drafts, lang);
    // Watch before announcing the address, so no change made after it is missed.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Only changes count: reading files (which every rebuild does) would otherwise
        // trigger the next rebuild.
        if let Ok(event) = res.as_ref().map_err(|_| ()).and_then(|e| {
            if matches!(e.kind, notify::EventKind::Access(_)) {
                Err(())
            } else {
                Ok(e)
            }
        }) {
            for path in event.paths.clone() {
                let _ = tx.send(path);
            }
        }
    })?;
    for dir in ["content", "themes"] {
        if root.join(dir).is_dir() {
            watcher.watch(&root.join(dir), RecursiveMode::Recursive)?;
        }
    }
    // Editors replace site.toml by renaming, so watch its folder rather than the file.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;

    let addr = listener.local_addr()?;
    let url = format!("http://{addr}/");
    {
        // The address is for the author; a closed stdout must not stop the preview.
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(
            stdout,
            "{}",
            match lang {
                MessageLang::Th => format!("กำลังแสดงตัวอย่างที่ {url} (กด Ctrl+C เพื่อหยุด)"),
                MessageLang::En => format!("serving at {url} (Ctrl+C to stop)"),
            }
        );
        let _ = stdout.flush();
    }
    {
        let (out, shared) = (out.clone(), shared.clone());
        std::thread::spawn(move || preview::serve_forever(listener, out, shared));
    }
    if options.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .spawn();
    }

    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut paths = vec![first];
        // Debounce: editors write a file in several steps; wait for a short quiet spell.
        let deadline = Instant::now() + DEBOUNCE_LIMIT;
        while let Ok(p) = rx.recv_timeout(DEBOUNCE_QUIET) {
            paths.push(p);
            if Instant::now() > deadline {
                break;
            }
        }
        let theme_name = live
            .site
            .as_ref()
            .map(|s| s.config.theme.clone())
            .unwrap_or_else(|| "default".into());
        let mut changes = std::mem::take(&mut live.pending_changes);
        for p in &paths {
            changes.add(&root, &theme_name, p);
        }
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        match rebuild(&mut live, &build_options, &out, &changes) {
            Ok(n) => {
                shared.set_errors(None);
                shared.broadcast_reload();
                if !changes.content.is_empty() || changes.everything {
                    let _ = reindex.send(());
                }
                eprintln!("{}", summary(lang, n, started.elapsed()));
            }
            Err(problems) => {
                eprintln!("{}", problems.display(lang));
                shared.set_errors(Some(preview::overlay(&problems, lang)));
                shared.broadcast_reload();
                live.pending_changes = changes;
            }
        }
    }
}

fn summary(lang: MessageLang, pages: usize, took: Duration) -> String {
    match lang {
        MessageLang::Th => format!("สร้างใหม่ {pages} หน้า ใน {took:.0?}"),
        MessageLang::En => format!(
            "rendered {pages} page{} in {took:.0?}",
            if pages == 1 { "" } else { "s" }
        ),
    }
}

/// Applies `changes` to the live site and re-renders what they touch. Returns the number
/// of pages rendered.
fn rebuild(
    live: &mut Live,
    options: &BuildOptions,
    out: &Path,
    changes: &Changes,
) -> Result<usize, Diagnostics> {
    // Anything that changes every page, or a site that never loaded: start afresh.
    let fresh = changes.everything || live.site.is_none() || live.theme.is_none();
    if fresh {
        let (report, site, theme) = build_keep(options)?;
        live.snapshot = Snapshot::of(&site);
        live.site = Some(site);
        live.theme = Some(theme);
        live.pending.clear();
        return Ok(report.html_files);
    }
    let (Some(site), Some(theme_slot)) = (live.site.as_mut(), live.theme.as_mut()) else {
        return Ok(0);
    };
    if !changes.templates.is_empty() || changes.theme_static {
        *theme_slot = Theme::load(&site.root, &site.config)?;
    }
    let changed: Vec<PathBuf> = changes.content.iter().cloned().collect();
    // Keys before the reload too, so a deleted page's outputs are found.
    live.pending
        .extend(incremental::touched_keys(site, changes));
    let t = Instant::now();
    let problems = content::reload(
        site,
        &changed,
        &LoadOptions {
            drafts: options.drafts,
        },
    );
    tracing::info!("reload {:?}", t.elapsed());
    live.pending
        .extend(incremental::touched_keys(site, changes));
    if !problems.is_empty() {
        return Err(problems);
    }
    let t = Instant::now();
    let jobs = jobs_for(
        site,
        &theme_slot.templates,
        &live.snapshot,
        &live.pending,
        changes,
    );
    tracing::info!("{} jobs {:?}", jobs.len(), t.elapsed());
    let t = Instant::now();
    let stats = render::render_jobs(site, theme_slot, &LiveFolder::new(out), &jobs)?;
    tracing::info!("render {:?}", t.elapsed());
    let t = Instant::now();
    live.snapshot.update(site, &live.pending);
    tracing::info!("snapshot {:?}", t.elapsed());
    live.pending.clear();
    Ok(stats.html_pages)
}

/// The search index is rebuilt off the edit path: a page is served as soon as it is
/// rendered, and search catches up in the background once saving pauses. One rebuild
/// runs at a time; edits that arrive meanwhile are folded into the next.
fn spawn_indexer(root: PathBuf, out: PathBuf, drafts: bool, lang: MessageLang) -> mpsc::Sender<()> {
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // Wait for a pause in saving: indexing a large site takes seconds of both
            // cores, and while an author is still saving, rendering comes first.
            while rx.recv_timeout(REINDEX_PAUSE).is_ok() {}
            let Ok(site) = content::load_site(&root, &LoadOptions { drafts }) else {
                continue;
            };
            if let Err(problems) = crate::index::write_search(&site, &root, &LiveFolder::new(&out))
            {
                eprintln!("{}", problems.display(lang));
            }
        }
    });
    tx
}
