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
        tr=(v[-1]-v[0])/(n-1); dev=v[-1]-v[-5:].mean(); sd=np.std(np.diff(v),ddof=1)
        sc=np.mean(np.abs(np.diff(y)))/y[-1]
        fut=[np.log(s[T+h]/y[-1]) if (T+h) in ss else np.nan for h in range(1,7)]
        rows.append((T,tr,dev,sd,sc,MU[T],*fut))
D=pd.DataFrame(rows,columns=['T','tr','dev','sd','sc','mu']+[f'z{h}' for h in range(1,7)])
D['q']=pd.qcut(D.sd,4,labels=False)
print(D.groupby('q').sd.agg(['min','max','size']))
def loss(d,w,b,kind):
    L=[]
    for h in range(1,7):
        dd=d[~d[f'z{h}'].isna()]
        p=h*dd.mu+w*h*(dd.tr-dd.mu)-b*dd.dev
        L.append((np.abs(dd[f'z{h}']-p) if kind=='log' else np.abs(np.exp(dd[f'z{h}'])-np.exp(p))/dd.sc).mean())
    return np.mean(L)
for q in range(4):
    d=D[D.q==q]
    for kind in ['log','mase']:
        res=sorted((round(loss(d,w,b,kind),4),w,b) for w in [0,0.1,0.2,0.3,0.5,0.7,0.9] for b in [0,0.1,0.2,0.3])
        print(q,kind,res[:2])
