import numpy as np
from load import *
import os
RT=os.environ.get('REALTRADE', os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/realtrade'))+'/'
tr=panel(RT+'tune_long_train.csv'); te=panel(RT+'tune_long_test.csv')
trs=panel(RT+'tune_short_train.csv'); tes=panel(RT+'tune_short_test.csv')
MU=0.0595
def mase(train,test,F):
    out=[];sm=[]
    for sid,t in test.items():
        ys=sorted(train[sid]); y=np.array([train[sid][k] for k in ys])
        sc=np.mean(np.abs(np.diff(y))) or 1e-9
        T=ys[-1]
        f=F(y)
        e=[abs(t[T+h]-f[h-1])/sc for h in range(1,7) if T+h in t]
        s=[200*abs(t[T+h]-f[h-1])/(t[T+h]+abs(f[h-1])) for h in range(1,7) if T+h in t]
        out.append(np.mean(e)); sm.append(np.mean(s))
    return round(np.mean(out),3), round(np.mean(sm),2)
H=np.arange(1,7)
def rwd(y): return y[-1]+H*(y[-1]-y[0])/(len(y)-1)
def naive(y): return np.repeat(y[-1],6)
def logdrift(y):
    v=np.log(y); return np.exp(v[-1]+H*(v[-1]-v[0])/(len(v)-1))
def pooled(w,b,mu=MU):
    def f(y):
        v=np.log(y); n=len(v); tr=(v[-1]-v[0])/(n-1); dev=v[-1]-v[-min(n,5):].mean()
        return np.exp(v[-1]+H*mu+w*H*(tr-mu)-b*dev)
    return f
def blend(f,g,a):
    return lambda y: a*f(y)+(1-a)*g(y)
for name,F in [('rwd',rwd),('naive',naive),('logdrift',logdrift),('pooled.2.2',pooled(.2,.2)),('pooled.5.2',pooled(.5,.2)),('pooled1,0',pooled(1,0)),
   ('pooled.2.0',pooled(.2,0)),('pooled.2.1',pooled(.2,.1)),
   ('b.5 rwd+pooled',blend(rwd,pooled(.2,.2),.5)),('b.3 rwd+pooled',blend(rwd,pooled(.2,.2),.3))]:
    print(name,'long',mase(tr,te,F),'short',mase(trs,tes,F))
