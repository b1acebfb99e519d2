//! Decompresses the embedded API surfaces (`data/*.surface.gz`, committed compressed) into
//! OUT_DIR, so that the library embeds their text and loading one is only an index pass over it
//! (decompressing at run time would cost more than the whole load budget).

use std::io::Read;
use std::path::PathBuf;

const SURFACES: [&str; 8] = [
    "pulumi-py",
    "pulumi-ts",
    "cdk-py",
    "cdk-ts",
    "cdktf-py",
    "cdktf-ts",
    "terraform",
    "cfn",
];

fn main() {
    let out_dir = match std::env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d),
        None => {
            println!("cargo:warning=OUT_DIR is not set; the API surfaces are left empty");
            return;
        }
    };
    for name in SURFACES {
        let source = format!("data/{name}.surface.gz");
        println!("cargo:rerun-if-changed={source}");
        let text = match std::fs::read(&source) {
            Ok(bytes) => {
                let mut text = String::new();
                match flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text) {
                    Ok(_) => text,
                    Err(e) => {
                        println!("cargo:warning={source} is not valid gzip text ({e}); regenerate it with tools/api-surface/generate.sh");
                        String::new()
                    }
                }
            }
            Err(e) => {
                println!("cargo:warning=cannot read {source} ({e}); regenerate it with tools/api-surface/generate.sh");
                String::new()
            }
        };
        let target = out_dir.join(format!("{name}.surface"));
        if let Err(e) = std::fs::write(&target, text) {
            println!("cargo:warning=cannot write {}: {e}", target.display());
        }
    }
}
