from load import *
import numpy as np
th=tradhist()
def feats(v):
    """v: log values of the window (consecutive years), last is origin"""
    n=len(v); k=min(n,5)
    dev=v[-1]-v[-k:].mean()
    tr=(v[-1]-v[0])/(n-1)
    d=np.diff(v); sd=d.std(ddof=1) if n>2 else np.nan
    return dev,tr,d[-1],sd,n,v[-1]
def windows(until=1993, start=1950, nmin=3, nmax=20, H=12, step=1):
    rows=[]
    for sid,s in th.items():
        ys=sorted(s)
        ys=[y for y in ys if y<=until]
        ysset=set(ys)
        for T in ys:
            if T<start: continue
            # longest run of consecutive years ending at T, up to nmax
            n=1
            while n<nmax and (T-n) in ysset: n+=1
            if n<nmin: continue
            for nn in sorted({n, min(n,5)}):
                v=np.log([s[y] for y in range(T-nn+1,T+1)])
                f=feats(v)
                fut=[np.log(s[T+h])-v[-1] if (T+h) in ysset else np.nan for h in range(1,H+1)]
                rows.append((sid,T)+f+tuple(fut))
    cols=['sid','T','dev','tr','d1','sd','n','lvl']+[f'z{h}' for h in range(1,H+1)]
    return pd.DataFrame(rows,columns=cols)
if __name__=='__main__':
    W=windows(); W.to_pickle('W.pkl'); print(W.shape); print(W.describe().T)
