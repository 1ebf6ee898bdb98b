from exp1 import *
def p3(wp,wn,b,mu=MU,rel=False):
    def f(y):
        v=np.log(y); n=len(v); dev=v[-1]-v[-min(n,5):].mean()
        t=((y[-1]-y[0])/(n-1)/y[-1]) if rel else (v[-1]-v[0])/(n-1)
        w=wp if t>mu else wn
        return np.exp(v[-1]+H*mu+w*H*(t-mu)-b*dev)
    return f
for rel in [False,True]:
 for wp,wn in [(0.2,0.2),(0.1,0.4),(0.2,0.5),(0.3,0.3),(0.3,0.6),(0.1,0.6),(0.2,0.8)]:
    b=0.2
    print(rel,wp,wn,b,'long',mase(tr,te,p3(wp,wn,b,rel=rel)),'short',mase(trs,tes,p3(wp,wn,b,rel=rel)))
