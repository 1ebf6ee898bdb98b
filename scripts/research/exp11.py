from fit import *
G=[i/10 for i in range(11)]
def fitc(D):
    best=None
    for w in G:
        for b in G:
            tot=0
            for h in range(1,7):
                d=D[~D[f'z{h}'].isna()]
                tot+=np.abs(d[f'z{h}']-(h*d.mu+w*h*(d.tr-d.mu)-b*d.dev)).mean()
            if best is None or tot<best[0]-1e-12: best=(tot,w,b)
    return best
for since in [1960,1979,1984]:
    D=W[W['T']>=since]
    print(since,'short',fitc(D[D.n<8]),'long',fitc(D[D.n>=8]), len(D))
