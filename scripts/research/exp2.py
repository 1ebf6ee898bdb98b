from exp1 import *
def p2(w,b,mu=MU,k=None,cap=None):
    def f(y):
        v=np.log(y); n=len(v); dev=v[-1]-v[-min(n,5):].mean()
        kk=n if k is None else min(n,k)
        s=(y[-1]-y[-kk])/(kk-1); rel=s/y[-1]
        if cap: rel=np.clip(rel,-cap,cap)
        return np.exp(v[-1]+H*mu+w*H*(rel-mu)-b*dev)
    return f
for w in [0.3,0.5,0.7,1.0]:
  for b in [0.1,0.2]:
    print(w,b,'long',mase(tr,te,p2(w,b)),'short',mase(trs,tes,p2(w,b)))
