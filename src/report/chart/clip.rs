//! Clipping in data space, before anything is mapped to pixels. Only y needs it: the x-range covers
//! every year drawn, while forecast bands may run far above the chart (see the module doc of
//! [`super`]). Lines are cut with Liang–Barsky, polygons with Sutherland–Hodgman.

/// The part of segment `a`–`b` with `lo <= y <= hi`, if any.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    lo: f64,
    hi: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let dy = b.1 - a.1;
    for (p, q) in [(-dy, a.1 - lo), (dy, hi - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// A polyline clipped to `lo <= y <= hi`: the visible runs, each a polyline.
pub(super) fn clip_polyline(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut open = false;
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], lo, hi) {
            Some((s, e)) => {
                let continues = open && s == pair[0];
                match runs.last_mut() {
                    Some(run) if continues => run.push(e),
                    _ => runs.push(vec![s, e]),
                }
                open = e == pair[1];
            }
            None => open = false,
        }
    }
    runs
}

/// Sutherland–Hodgman against one horizontal edge; `keep_below` keeps `y <= edge`.
fn clip_polygon_edge(poly: &[(f64, f64)], edge: f64, keep_below: bool) -> Vec<(f64, f64)> {
    let inside = |p: (f64, f64)| if keep_below { p.1 <= edge } else { p.1 >= edge };
    let cross = |a: (f64, f64), b: (f64, f64)| {
        let t = (edge - a.1) / (b.1 - a.1);
        (a.0 + t * (b.0 - a.0), edge)
    };
    let mut out = Vec::with_capacity(poly.len() + 4);
    for i in 0..poly.len() {
        let cur = poly[i];
        let prev = poly[(i + poly.len() - 1) % poly.len()];
        match (inside(prev), inside(cur)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(cross(prev, cur)),
            (false, true) => {
                out.push(cross(prev, cur));
                out.push(cur);
            }
            (false, false) => {}
        }
    }
    out
}

/// A polygon clipped to `lo <= y <= hi`.
pub(super) fn clip_polygon(poly: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let below = clip_polygon_edge(poly, hi, true);
    clip_polygon_edge(&below, lo, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_clipping() {
        let s = clip_segment((0.0, 0.0), (1.0, 10.0), 0.0, 5.0).unwrap();
        assert_eq!(s, ((0.0, 0.0), (0.5, 5.0)));
        assert!(clip_segment((0.0, 6.0), (1.0, 10.0), 0.0, 5.0).is_none());
        let runs = clip_polyline(&[(0.0, 1.0), (1.0, 9.0), (2.0, 1.0)], 0.0, 5.0);
        assert_eq!(runs.len(), 2);
    }

    #[test]
    fn polygon_clipping_keeps_inside() {
        let poly = [(0.0, 0.0), (2.0, 10.0), (2.0, 0.0)];
        let c = clip_polygon(&poly, 0.0, 5.0);
        assert!(c.iter().all(|p| p.1 <= 5.0 && p.1 >= 0.0));
        assert!(c.len() >= 4);
    }
}
