//! Compressed copies of the built files, made once at build time: beside each
//! text file and the wasm in `dist/`, a `.br` and a `.gz`, which the practice
//! server (and any static host that looks for them) sends to browsers that
//! ask, instead of compressing every response anew.

use std::fs;
use std::io::Write;
use std::path::Path;

/// The kinds of file worth compressing (the rest, pictures, already are).
const COMPRESSIBLE: &[&str] = &["html", "js", "css", "wasm", "svg", "json", "txt", "xml", "bin"];
/// A copy that saves less than this share of the original is not written.
const WORTH_IT: f64 = 0.9;
/// A file smaller than this is sent as it is: its copies would save a few
/// bytes of one request.
const SMALLEST: u64 = 1024;

/// What was written: files compressed, and their bytes before and after.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
    pub brotli: u64,
    pub gzip: u64,
}

/// Writes `NAME.br` and `NAME.gz` beside every compressible file under `dir`
/// that has none as new as itself (replacing older ones).
pub fn precompress(dir: &Path) -> Result<Written, String> {
    let mut written = Written::default();
    for relative in crate::scorm::files_under(dir)? {
        let path = dir.join(&relative);
        let compressible =
            path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        let small = fs::metadata(&path).is_ok_and(|meta| meta.len() < SMALLEST);
        if !compressible || small || is_up_to_date(&path) {
            continue;
        }
        let content = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // The two at once, on two cores: brotli at its best takes the longer.
        let (br, gz) = std::thread::scope(|scope| {
            let br = scope.spawn(|| brotli(&content));
            let gz = gzip(&content);
            (br.join().unwrap_or_else(|_| Err("brotli failed".to_owned())), gz)
        });
        let (br, gz) = (br?, gz?);
        let keep = |suffix: &str, bytes: &[u8]| -> Result<u64, String> {
            let out = path.with_file_name(format!("{}.{suffix}", file_name(&path)));
            if (bytes.len() as f64) < content.len() as f64 * WORTH_IT {
                fs::write(&out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
                Ok(bytes.len() as u64)
            } else {
                // Not worth a request's decoding: the server sends the file itself.
                let _ = fs::remove_file(&out);
                Ok(content.len() as u64)
            }
        };
        written.brotli += keep("br", &br)?;
        written.gzip += keep("gz", &gz)?;
        written.files += 1;
        written.bytes += content.len() as u64;
    }
    Ok(written)
}

/// Whether both copies of `path` are there and no older than it (a copy
/// not worth keeping is not there, and is made again).
fn is_up_to_date(path: &Path) -> bool {
    let modified = |path: &Path| fs::metadata(path).and_then(|meta| meta.modified()).ok();
    let Some(original) = modified(path) else { return false };
    ["br", "gz"].iter().all(|suffix| {
        modified(&path.with_file_name(format!("{}.{suffix}", file_name(path))))
            .is_some_and(|copy| copy >= original)
    })
}

/// Whether a file in `dist/` is a compressed copy (left out of the SCORM
/// packages: a learning platform serves the files its own way).
pub fn is_copy(relative: &str) -> bool {
    relative.ends_with(".br") || relative.ends_with(".gz")
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn brotli(content: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        // Quality 11 and a 4 MiB window: the smallest output; time is spent once.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(content).map_err(|e| format!("brotli: {e}"))?;
    }
    Ok(out)
}

fn gzip(content: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content).map_err(|e| format!("gzip: {e}"))?;
    encoder.finish().map_err(|e| format!("gzip: {e}"))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn text_gets_both_copies_that_decompress_to_it_and_pictures_none() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("data")).unwrap();
        let text = "body { color: red }\n".repeat(200);
        fs::write(dir.join("a.css"), &text).unwrap();
        fs::write(dir.join("data/b.json"), "{}").unwrap();
        fs::write(dir.join("data/c.json"), [b' '; 2000]).unwrap();
        fs::write(dir.join("c.png"), [0u8; 400]).unwrap();

        let written = precompress(&dir).unwrap();
        assert_eq!(written.files, 2, "the CSS and the larger JSON, not the picture");
        assert!(!dir.join("c.png.gz").exists() && !dir.join("c.png.br").exists());
        // Two bytes of JSON are sent as they are: no copies.
        assert!(!dir.join("data/b.json.gz").exists() && !dir.join("data/b.json.br").exists());
        assert!(dir.join("data/c.json.br").exists());

        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(&fs::read(dir.join("a.css.gz")).unwrap()[..])
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, text);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&fs::read(dir.join("a.css.br")).unwrap()[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, text);

        // Running again compresses nothing: every copy is as new as its file.
        assert_eq!(precompress(&dir).unwrap().files, 0);
        assert!(!dir.join("a.css.gz.gz").exists());
        // A file written again gets new copies.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(dir.join("a.css"), text.replace("red", "blue")).unwrap();
        assert_eq!(precompress(&dir).unwrap().files, 1);
        assert!(is_copy("a.css.br") && is_copy("x/a.wasm.gz") && !is_copy("a.css"));
        let _ = fs::remove_dir_all(&dir);
    }
}
