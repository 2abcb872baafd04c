//! The default theme is embedded in the binary (`src/render/theme_files.rs`). Its files'
//! edits are tracked through `include_bytes!`; this makes a new or removed file under
//! themes/default/ rebuild the binary too.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
