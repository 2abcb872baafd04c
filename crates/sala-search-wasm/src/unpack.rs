//! Compact decoders of the bitpacking crate's block layouts, for the browser module.
//!
//! tantivy decodes postings with `bitpacking`, whose scalar decoders (the only ones on
//! wasm32) are unrolled for each of the 33 bit widths and each output kind: about a
//! third of the module's code before `wasm-opt`, and 41 KB of its gzip after. The
//! functions here decode the same layouts with one loop each. `tools/drop-unused.mjs`
//! points bitpacking's scalar entry points at them in the linked module (the `abi`
//! exports below), so the unrolled code is never referenced and `wasm-opt` removes it.
//! Natively nothing changes: tantivy keeps bitpacking's SIMD decoders, and the tests
//! here check these against them on every bit width.
//!
//! The layout, as `bitpacking` writes it: a block of `32 × lanes` integers (`lanes` is
//! 4 for `BitPacker4x`, 1 for `BitPacker1x`) is `32 × num_bits × lanes / 8` bytes of
//! little-endian `u32` words; word `w` belongs to lane `w % lanes`; integer `i` of the
//! block is in lane `i % lanes`, at bit `(i / lanes) × num_bits` of that lane's words.

/// Decodes one block of `32 × lanes` integers, handing each to `sink` in order.
/// Returns the compressed bytes read. Panics (a trap in the module, as bitpacking's
/// own asserts) on `num_bits > 32` or a too-short input or output.
fn unpack(
    lanes: usize,
    compressed: &[u8],
    num_bits: u8,
    mut sink: impl FnMut(usize, u32),
) -> usize {
    let nb = usize::from(num_bits);
    assert!(nb <= 32, "num bits must be <= 32, was {nb}");
    let bytes = 32 * nb * lanes / 8;
    assert!(compressed.len() >= bytes, "compressed block too short");
    let word = |w: usize| {
        let at = 4 * w;
        u32::from_le_bytes([
            compressed[at],
            compressed[at + 1],
            compressed[at + 2],
            compressed[at + 3],
        ])
    };
    let mask = ((1u64 << nb) - 1) as u32;
    for i in 0..32 * lanes {
        let (row, lane) = (i / lanes, i % lanes);
        if nb == 0 {
            sink(i, 0);
            continue;
        }
        let bit = row * nb;
        let (w, shift) = (bit / 32, bit % 32);
        let mut v = word(w * lanes + lane) >> shift;
        if shift + nb > 32 {
            v |= word((w + 1) * lanes + lane) << (32 - shift);
        }
        sink(i, v & mask);
    }
    bytes
}

/// `BitPacker4x::decompress`: 128 integers as they were packed.
pub fn decompress_4x(compressed: &[u8], out: &mut [u32], num_bits: u8) -> usize {
    assert!(out.len() >= 128, "output too short");
    unpack(4, compressed, num_bits, |i, v| out[i] = v)
}

/// `BitPacker4x::decompress_strictly_sorted`: 128 strictly increasing integers packed
/// as their gaps less one, after `initial` (before the first, if none).
pub fn decompress_4x_strictly_sorted(
    initial: Option<u32>,
    compressed: &[u8],
    out: &mut [u32],
    num_bits: u8,
) -> usize {
    assert!(out.len() >= 128, "output too short");
    let mut current = initial.unwrap_or(u32::MAX);
    unpack(4, compressed, num_bits, |i, gap| {
        current = current.wrapping_add(gap).wrapping_add(1);
        out[i] = current;
    })
}

/// `BitPacker1x::decompress`: 32 integers as they were packed.
pub fn decompress_1x(compressed: &[u8], out: &mut [u32], num_bits: u8) -> usize {
    assert!(out.len() >= 32, "output too short");
    unpack(1, compressed, num_bits, |i, v| out[i] = v)
}

#[cfg(target_arch = "wasm32")]
mod abi {
    //! The entry points `tools/drop-unused.mjs` calls in place of bitpacking's scalar
    //! `UnsafeBitPacker` methods. Their parameters are those methods' as the wasm32
    //! Rust ABI passes them (a slice as address and length, an `Option<u32>` as tag
    //! and value, a `u8` as an `i32`); the tool checks that the two signatures are
    //! the same wasm type before it rewrites anything.

    /// Calls `decode` on the slices bitpacking's method was called with.
    #[allow(unsafe_code)]
    fn with_slices(
        c: *const u8,
        c_len: usize,
        o: *mut u32,
        o_len: usize,
        decode: impl FnOnce(&[u8], &mut [u32]) -> usize,
    ) -> usize {
        // SAFETY: the pointers and lengths are those of the slices bitpacking's method
        // was called with; the call only moved them from one function to another.
        let (c, o) = unsafe {
            (
                std::slice::from_raw_parts(c, c_len),
                std::slice::from_raw_parts_mut(o, o_len),
            )
        };
        decode(c, o)
    }

    /// An entry point: bitpacking's method's parameters (`extra` ones first, then the
    /// compressed and output slices and the bit width), decoded by `body`.
    macro_rules! entry {
        ($name:ident, ($($extra:ident),*), |$c:ident, $o:ident, $nb:ident| $body:expr) => {
            #[allow(unsafe_code)]
            #[no_mangle]
            pub extern "C" fn $name(
                $($extra: u32,)*
                c: *const u8,
                c_len: usize,
                o: *mut u32,
                o_len: usize,
                $nb: u32,
            ) -> usize {
                with_slices(c, c_len, o, o_len, |$c, $o| $body)
            }
        };
    }

    entry!(sala_unpack_4x, (), |c, o, nb| super::decompress_4x(
        c, o, nb as u8
    ));
    entry!(sala_unpack_1x, (), |c, o, nb| super::decompress_1x(
        c, o, nb as u8
    ));
    // `Option<u32>` is passed as its tag (1: `Some`) and its value.
    entry!(sala_unpack_4x_strict, (some, initial), |c, o, nb| {
        let initial = (some & 1 == 1).then_some(initial);
        super::decompress_4x_strictly_sorted(initial, c, o, nb as u8)
    });
}

#[cfg(test)]
mod tests {
    use bitpacking::{BitPacker, BitPacker1x, BitPacker4x};

    use super::*;

    /// Integers that need exactly `nb` bits (some of them), from a fixed generator.
    fn block(len: usize, nb: u8, seed: u64) -> Vec<u32> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mask = ((1u64 << nb) - 1) as u32;
        (0..len)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if i == 5 {
                    mask
                } else {
                    (x as u32) & mask
                }
            })
            .collect()
    }

    #[test]
    fn every_width_decodes_as_bitpacking_does() {
        let (p4, p1) = (BitPacker4x::new(), BitPacker1x::new());
        for nb in 0..=32u8 {
            for seed in 0..4 {
                let values = block(128, nb, seed);
                let mut packed = vec![0u8; 4 * 128 + 16];
                let n = p4.compress(&values, &mut packed, nb);
                let mut ours = vec![0u32; 128];
                assert_eq!(decompress_4x(&packed[..n], &mut ours, nb), n, "4x {nb}");
                assert_eq!(ours, values, "4x, {nb} bits");

                // Strictly increasing: gaps of at least one.
                let start = seed as u32 * 1000;
                let mut sorted = Vec::with_capacity(128);
                let mut at = start;
                for gap in block(128, nb.min(24), seed + 7) {
                    at = at.wrapping_add(gap / 2 + 1);
                    sorted.push(at);
                }
                for initial in [None, Some(start)] {
                    let bits = p4.num_bits_strictly_sorted(initial, &sorted);
                    let n = p4.compress_strictly_sorted(initial, &sorted, &mut packed, bits);
                    let mut theirs = vec![0u32; 128];
                    p4.decompress_strictly_sorted(initial, &packed[..n], &mut theirs, bits);
                    let got = decompress_4x_strictly_sorted(initial, &packed[..n], &mut ours, bits);
                    assert_eq!(got, n);
                    assert_eq!(ours, theirs, "4x strictly sorted, {bits} bits, {initial:?}");
                    assert_eq!(ours, sorted);
                }

                let values = block(32, nb, seed);
                let n = p1.compress(&values, &mut packed, nb);
                let mut ours = vec![0u32; 32];
                assert_eq!(decompress_1x(&packed[..n], &mut ours, nb), n, "1x {nb}");
                assert_eq!(ours, values, "1x, {nb} bits");
            }
        }
    }

    #[test]
    fn zero_bits_need_no_input() {
        let mut out = vec![7u32; 128];
        assert_eq!(decompress_4x(&[], &mut out, 0), 0);
        assert!(out.iter().all(|&v| v == 0));
        assert_eq!(decompress_4x_strictly_sorted(Some(9), &[], &mut out, 0), 0);
        assert_eq!(out[..3], [10, 11, 12]);
    }
}
