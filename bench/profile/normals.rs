// Normal draws as in src/model/stats.rs (Box-Muller on ChaCha8) against the Marsaglia polar
// method (no sin/cos), and the cost of turning log paths into USD (exp per cell).
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
struct Bm { rng: ChaCha8Rng, spare: Option<f64> }
impl Bm {
    fn uniform(&mut self) -> f64 { ((self.rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64) }
    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() { return z; }
        let u1 = self.uniform(); let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt(); let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        self.spare = Some(r * s); r * c
    }
    fn polar(&mut self) -> f64 {
        if let Some(z) = self.spare.take() { return z; }
        loop {
            let u = 2.0 * self.uniform() - 1.0; let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s < 1.0 && s > 0.0 { let f = (-2.0 * s.ln() / s).sqrt(); self.spare = Some(v * f); return u * f; }
        }
    }
}
fn main() {
    let (n, reps) = (1000 * 12, 3000);
    let mut acc = 0.0;
    let mut best = [f64::MAX; 4];
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for r in 0..reps { let mut g = Bm { rng: ChaCha8Rng::seed_from_u64(r), spare: None }; for _ in 0..n { acc += g.next(); } }
        best[0] = best[0].min(t.elapsed().as_secs_f64() / reps as f64);
        let t = std::time::Instant::now();
        for r in 0..reps { let mut g = Bm { rng: ChaCha8Rng::seed_from_u64(r), spare: None }; for _ in 0..n { acc += g.polar(); } }
        best[1] = best[1].min(t.elapsed().as_secs_f64() / reps as f64);
        let t = std::time::Instant::now();
        for r in 0..reps { let mut g = Bm { rng: ChaCha8Rng::seed_from_u64(r), spare: None }; for _ in 0..n { acc += g.uniform(); } }
        best[2] = best[2].min(t.elapsed().as_secs_f64() / reps as f64);
        let t = std::time::Instant::now();
        for r in 0..reps { let x = black_box(r as f64 * 1e-9); for i in 0..n { acc += (x + i as f64 * 1e-6).exp(); } }
        best[3] = best[3].min(t.elapsed().as_secs_f64() / reps as f64);
    }
    black_box(acc);
    println!("12,000 draws (1,000 paths x 12): Box-Muller {:.0} us, polar {:.0} us, uniforms only {:.0} us; 12,000 exp {:.0} us",
        best[0] * 1e6, best[1] * 1e6, best[2] * 1e6, best[3] * 1e6);
}
