use std::hint::black_box;
#[inline]
fn steps(t: &[f64], i: usize) -> usize { if i == 0 { 1 } else { ((t[i] - t[i - 1]).round() as usize).max(1) } }
fn conc_orig(
    alpha: f64,
    beta: f64,
    phi: f64,
    t: &[f64],
    y: &[f64],
    w: &[f64],
) -> (f64, f64, f64) {
    // States of the three linear parts: data from (0,0); unit level; unit trend (both no data).
    let (mut ly, mut by) = (0.0, 0.0);
    let (mut ll, mut bl) = (1.0, 0.0);
    let (mut lb, mut bb) = (0.0, 1.0);
    let (mut syy, mut syl, mut syb, mut sll, mut slb, mut sbb) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..y.len() {
        for _ in 1..steps(t, i) {
            ly += phi * by;
            by *= phi;
            ll += phi * bl;
            bl *= phi;
            lb += phi * bb;
            bb *= phi;
        }
        let py = ly + phi * by;
        let pl = ll + phi * bl;
        let pb = lb + phi * bb;
        let ey = y[i] - py;
        let el = -pl;
        let eb = -pb;
        let wi = w[i];
        syy += wi * ey * ey;
        syl += wi * ey * el;
        syb += wi * ey * eb;
        sll += wi * el * el;
        slb += wi * el * eb;
        sbb += wi * eb * eb;
        ly = py + alpha * ey;
        by = phi * by + beta * ey;
        ll = pl + alpha * el;
        bl = phi * bl + beta * el;
        lb = pb + alpha * eb;
        bb = phi * bb + beta * eb;
    }
    let det = sll * sbb - slb * slb;
    let (l0, b0) = if det > 1e-12 * sll * sbb && det > 0.0 {
        (
            (-syl * sbb + syb * slb) / det,
            (-syb * sll + syl * slb) / det,
        )
    } else if sll > 0.0 {
        (-syl / sll, 0.0)
    } else {
        (0.0, 0.0)
    };
    let sse =
        syy + 2.0 * (l0 * syl + b0 * syb) + l0 * l0 * sll + 2.0 * l0 * b0 * slb + b0 * b0 * sbb;
    (sse.max(0.0), l0, b0)
}

fn conc_fast(
    alpha: f64,
    beta: f64,
    phi: f64,
    steps: &[usize],
    y: &[f64],
    w: &[f64],
) -> (f64, f64, f64) {
    // States of the three linear parts: data from (0,0); unit level; unit trend (both no data).
    let (mut ly, mut by) = (0.0, 0.0);
    let (mut ll, mut bl) = (1.0, 0.0);
    let (mut lb, mut bb) = (0.0, 1.0);
    let (mut syy, mut syl, mut syb, mut sll, mut slb, mut sbb) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..y.len() {
        for _ in 1..steps[i] {
            ly += phi * by;
            by *= phi;
            ll += phi * bl;
            bl *= phi;
            lb += phi * bb;
            bb *= phi;
        }
        let py = ly + phi * by;
        let pl = ll + phi * bl;
        let pb = lb + phi * bb;
        let ey = y[i] - py;
        let el = -pl;
        let eb = -pb;
        let wi = w[i];
        syy += wi * ey * ey;
        syl += wi * ey * el;
        syb += wi * ey * eb;
        sll += wi * el * el;
        slb += wi * el * eb;
        sbb += wi * eb * eb;
        ly = py + alpha * ey;
        by = phi * by + beta * ey;
        ll = pl + alpha * el;
        bl = phi * bl + beta * el;
        lb = pb + alpha * eb;
        bb = phi * bb + beta * eb;
    }
    let det = sll * sbb - slb * slb;
    let (l0, b0) = if det > 1e-12 * sll * sbb && det > 0.0 {
        (
            (-syl * sbb + syb * slb) / det,
            (-syb * sll + syl * slb) / det,
        )
    } else if sll > 0.0 {
        (-syl / sll, 0.0)
    } else {
        (0.0, 0.0)
    };
    let sse =
        syy + 2.0 * (l0 * syl + b0 * syb) + l0 * l0 * sll + 2.0 * l0 * b0 * slb + b0 * b0 * sbb;
    (sse.max(0.0), l0, b0)
}

fn main() {
    let text = std::fs::read_to_string("bench/panels/panel_1000.csv").unwrap();
    let mut series: Vec<Vec<f64>> = Vec::new(); let mut last = String::new();
    for line in text.lines().skip(1) { let f: Vec<&str> = line.split(',').collect();
        if f[0] != last { series.push(vec![]); last = f[0].to_string(); }
        series.last_mut().unwrap().push(f[2].parse::<f64>().unwrap().ln()); }
    let grid: Vec<(f64,f64,f64)> = (0..280).map(|k| { let a = 0.05 + 0.9 * ((k % 7) as f64 / 6.0); let b = a * ((k / 7 % 5) as f64 / 4.0); let p = 0.8 + 0.18 * ((k / 35) as f64 / 7.0); (a, b, p) }).collect();
    for round in 0..2 {
    let t0 = std::time::Instant::now(); let mut acc = 0.0;
    for z in &series { let t: Vec<f64> = (0..z.len()).map(|i| i as f64).collect(); let w = vec![1.0; z.len()];
        for &(a,b,p) in &grid { acc += conc_orig(black_box(a), b, p, &t, z, &w).0; } }
    let e1 = t0.elapsed().as_secs_f64();
    let t0 = std::time::Instant::now(); let mut acc2 = 0.0;
    for z in &series { let t: Vec<f64> = (0..z.len()).map(|i| i as f64).collect(); let w = vec![1.0; z.len()];
        let st: Vec<usize> = (0..t.len()).map(|i| steps(&t, i)).collect();
        for &(a,b,p) in &grid { acc2 += conc_fast(black_box(a), b, p, &st, z, &w).0; } }
    let e2 = t0.elapsed().as_secs_f64();
    if round == 1 { println!("280 evals x 1000 series: with round() per point {:.1} ms, precomputed steps {:.1} ms (same sum: {})", e1*1e3, e2*1e3, acc == acc2); }
    }
}
