//! getrandom's "custom" backend for wasm32-unknown-unknown (selected by
//! `--cfg getrandom_backend="custom"`, see `.cargo/config.toml`).
//!
//! tantivy pulls getrandom in through uuid (segment ids) and rand; the browser only
//! reads an index and never creates a segment, so any bytes do. This fills them from
//! a SplitMix64 counter, which needs no wasm-bindgen and no JavaScript import. Both
//! getrandom 0.3 and 0.4 call this same symbol with the same ABI.

use std::sync::atomic::{AtomicU64, Ordering};

static STATE: AtomicU64 = AtomicU64::new(0x853c_49e6_748f_ea9b);

#[allow(unsafe_code)]
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: getrandom guarantees `dest` is valid for `len` writable bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(dest, len) };
    for chunk in out.chunks_mut(8) {
        let mut z = STATE
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
    }
    Ok(())
}
