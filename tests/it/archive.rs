//! `sala build --zip`: the archive unzips to a site that works from file://, and two
//! builds give the same bytes.

use std::path::Path;

use crate::crawl::crawl;
use crate::support::build_sample;

fn the_zip(public: &Path) -> std::path::PathBuf {
    let zips: Vec<_> = std::fs::read_dir(public)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "one zip at the top of the output: {zips:?}");
    zips[0].clone()
}

#[test]
fn the_zip_unzips_to_a_site_that_works_from_disk() {
    let (_dir, public) = build_sample(&["--zip"]);
    let zip_path = the_zip(&public);
    assert_eq!(
        zip_path.file_name().unwrap(),
        "sala-the-clinic-center-knowledge-base.zip"
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        assert_eq!(
            f.compression(),
            if f.is_dir() {
                f.compression()
            } else {
                zip::CompressionMethod::Deflated
            }
        );
        assert!(f
            .name()
            .starts_with("sala-the-clinic-center-knowledge-base/"));
        assert!(!f.name().ends_with(".zip"), "the zip holds itself");
    }
    let out = tempfile::tempdir().unwrap();
    archive.extract(out.path()).unwrap();
    let site = out.path().join("sala-the-clinic-center-knowledge-base");

    // Every file of the built site is in the zip, byte for byte.
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if entry.file_type().is_file() && entry.path() != zip_path {
            let rel = entry.path().strip_prefix(&public).unwrap();
            let unzipped = std::fs::read(site.join(rel))
                .unwrap_or_else(|e| panic!("{} not in the zip: {e}", rel.display()));
            assert!(
                unzipped == std::fs::read(entry.path()).unwrap(),
                "{}",
                rel.display()
            );
        }
    }
    let problems = crawl(&site);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn two_zips_of_the_same_site_are_identical() {
    let (_a, public_a) = build_sample(&["--zip"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (_b, public_b) = build_sample(&["--zip"]);
    let (a, b) = (the_zip(&public_a), the_zip(&public_b));
    assert!(
        std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
        "zips differ"
    );
}

#[test]
fn without_the_flag_there_is_no_zip_not_even_from_the_last_build() {
    let (dir, public) = build_sample(&["--zip"]);
    the_zip(&public);
    // Built again in place, without --zip: the builds reuse the previous output folder,
    // and the old zip must not survive in it, nor in the offline lists.
    let root = dir.path().to_str().unwrap();
    let (ok, _, err) = crate::support::sala(&["build", "--root", root, "--no-index"]);
    assert!(ok, "{err}");
    let (ok, _, err) = crate::support::sala(&["build", "--root", root, "--no-index"]);
    assert!(ok, "{err}");
    assert!(!std::fs::read_dir(&public)
        .unwrap()
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "zip")));
    for section in ["guides", "cases", "forums"] {
        let list = std::fs::read_to_string(public.join(format!("offline/{section}.json"))).unwrap();
        assert!(!list.contains(".zip"), "{list}");
    }
    assert!(public.join("manifest.webmanifest").is_file());
    assert!(public.join("en/manifest.webmanifest").is_file());
}
