from exp4 import *
import exp1
def comb(feat,w,b):
    return loss(feat,w,b,'log')/loss('tr',0,0,'log')*0+0.5*(loss(feat,w,b,'log')/L0)+0.5*(loss(feat,w,b,'mase')/M0)
# naive = w such that pred=0: use mu=0? naive baseline: pred 0
def naive_loss(kind):
    tot=0
    for h in range(1,7):
        m=~D[f'z{h}'].isna(); d=D[m]
        e=np.abs(d[f'z{h}']) if kind=='log' else np.abs(np.exp(d[f'z{h}'])-1)/d.sc
        tot+=e.mean()
    return tot/6
L0=naive_loss('log'); M0=naive_loss('mase'); print('naive',L0,M0)
for feat in ['tr','rel']:
    res=sorted((round(comb(feat,w,b),4),w,b) for w in [0,0.1,0.2,0.3,0.4,0.5,0.7] for b in [0,0.1,0.2,0.3])
    print(feat,res[:4])
def p(feat,w,b):
    def f(y):
        v=np.log(y); n=len(v); dev=v[-1]-v[-min(n,5):].mean()
        t=((y[-1]-y[0])/(n-1)/y[-1]) if feat=='rel' else (v[-1]-v[0])/(n-1)
        return np.exp(v[-1]+exp1.H*exp1.MU+w*exp1.H*(t-exp1.MU)-b*dev)
    return f
for feat,w,b in [('rel',0.5,0),('rel',0.3,0.1),('rel',0.4,0.1),('rel',0.3,0),('rel',0.4,0.0),('rel',0.2,0.1)]:
    print(feat,w,b,'long',exp1.mase(exp1.tr,exp1.te,p(feat,w,b)))
