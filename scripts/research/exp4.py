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
        fut=[np.log(s[T+h])-v[-1] if (T+h) in ss else np.nan for h in range(1,7)]
        rows.append((T,tr,rel,dev,sc,MU[T],*fut))
D=pd.DataFrame(rows,columns=['T','tr','rel','dev','sc','mu']+[f'z{h}' for h in range(1,7)])
print(len(D))
def loss(feat,w,b,kind):
    tot=0
    for h in range(1,7):
        m=~D[f'z{h}'].isna(); d=D[m]
        pred=h*d.mu+w*h*(d[feat]-d.mu)-b*d.dev
        if kind=='log': e=np.abs(d[f'z{h}']-pred)
        else: e=np.abs(np.exp(d[f'z{h}'])-np.exp(pred))/d.sc
        tot+=e.mean()
    return tot/6
for kind in ['log','mase']:
  for feat in ['tr','rel']:
    res=sorted((round(loss(feat,w,b,kind),4),w,b) for w in [0,0.1,0.2,0.3,0.5,0.7] for b in [0,0.1,0.2,0.3])
    print(kind,feat,res[:3])
