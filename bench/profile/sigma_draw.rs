// Scratch: cost of the sigma draw (chi-square as a sum of df squared Box-Muller normals) in
// sample_paths, against a Marsaglia-Tsang gamma draw. Copies Normals from src/model/stats.rs.
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
struct Normals { rng: ChaCha8Rng, spare: Option<f64> }
impl Normals {
    fn new(seed: u64) -> Self { Normals { rng: ChaCha8Rng::seed_from_u64(seed), spare: None } }
    fn uniform(&mut self) -> f64 { ((self.rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64) }
    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() { return z; }
        let u1 = self.uniform(); let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt(); let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        self.spare = Some(r * s); r * c
    }
    fn chi_square(&mut self, df: usize) -> f64 { (0..df.max(1)).map(|_| { let z = self.next(); z * z }).sum() }
    // Marsaglia-Tsang gamma(k = df/2, scale 2), df >= 2
    fn chi_square_mt(&mut self, df: usize) -> f64 {
        let d = df as f64 / 2.0 - 1.0 / 3.0; let c = 1.0 / (9.0 * d).sqrt();
        loop { let z = self.next(); let v = (1.0 + c * z).powi(3); if v <= 0.0 { continue; }
            let u = self.uniform(); if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() { return 2.0 * d * v; } }
    }
}
fn main() {
    let (paths, horizon, df, reps) = (1000, 10, 17, 2000);
    for round in 0..2 {
        let t = std::time::Instant::now(); let mut acc = 0.0;
        for r in 0..reps { let mut n = Normals::new(r); for _ in 0..paths { acc += n.chi_square(df); acc += n.next() + n.next(); for _ in 0..horizon { acc += n.next(); } } }
        let a = t.elapsed().as_secs_f64() / reps as f64;
        let t = std::time::Instant::now();
        for r in 0..reps { let mut n = Normals::new(r); for _ in 0..paths { acc += n.chi_square_mt(df); acc += n.next() + n.next(); for _ in 0..horizon { acc += n.next(); } } }
        let b = t.elapsed().as_secs_f64() / reps as f64;
        let t = std::time::Instant::now();
        for r in 0..reps { let mut n = Normals::new(r); for _ in 0..paths { acc += n.next() + n.next(); for _ in 0..horizon { acc += n.next(); } } }
        let c = t.elapsed().as_secs_f64() / reps as f64;
        black_box(acc);
        if round == 1 { println!("1000 paths x h=10, df=17: draws with chi-square by sum of squares {:.0} us, by Marsaglia-Tsang {:.0} us, without sigma draw {:.0} us", a*1e6, b*1e6, c*1e6); }
    }
}
