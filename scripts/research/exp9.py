import numpy as np, pandas as pd
exec(open('exp7.py').read().split("D['q']")[0])
def loss(d,w,b):
    L=[]
    for h in range(1,7):
        dd=d[~d[f'z{h}'].isna()]
        p=h*dd.mu+w*h*(dd.tr-dd.mu)-b*dd.dev
        L.append(np.abs(dd[f'z{h}']-p).mean())
    return np.mean(L)
for lo,hi in [(1960,1969),(1970,1977),(1978,1987),(1983,1993)]:
    d=D[(D['T']>=lo)&(D['T']<=hi)]
    res=sorted((round(loss(d,w,b),4),w,b) for w in [0,0.1,0.2,0.3,0.5] for b in [0,0.1,0.2,0.3,0.4,0.5])
    print(lo,hi,len(d),res[:3])
