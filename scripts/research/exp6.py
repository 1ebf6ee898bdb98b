import numpy as np, pandas as pd
from learn import th
from fit import MU
rows=[]
for sid,s in th.items():
    ys=sorted(y for y in s if y<=1993); ss=set(ys)
    for T in ys:
        if T<1960: continue
        n=1
        while n<20 and (T-n) in ss: n+=1
        if n<8: continue
        y=np.array([s[k] for k in range(T-n+1,T+1)]); v=np.log(y)
        tr=(v[-1]-v[0])/(n-1); rel=(y[-1]-y[0])/(n-1)/y[-1]; dev=v[-1]-v[-5:].mean()
        sc=np.mean(np.abs(np.diff(y)))/y[-1]
        fut=[s[T+h]/y[-1] if (T+h) in ss else np.nan for h in range(1,7)]
        rows.append((T,tr,rel,dev,sc,MU[T],*fut))
D=pd.DataFrame(rows,columns=['T','tr','rel','dev','sc','mu']+[f'r{h}' for h in range(1,7)])
def loss(a,kind,w=0.2,b=0.2):
    L=[]
    for h in range(1,7):
        d=D[~D[f'r{h}'].isna()]
        p=np.exp(h*d.mu+w*h*(d.tr-d.mu)-b*d.dev)   # pooled ratio to last
        lin=np.maximum(1+h*d.rel,1e-3)              # RWD ratio (floored)
        f=(1-a)*p+a*lin
        L.append((np.abs(np.log(d[f'r{h}']/f)) if kind=='log' else np.abs(d[f'r{h}']-f)/d.sc).mean())
    return np.mean(L)
for kind in ['log','mase']:
    print(kind,[(a,round(loss(a,kind),4)) for a in [0,0.1,0.2,0.3,0.4,0.5]])
