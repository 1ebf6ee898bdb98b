from exp1 import *
cuts=[0.174,0.271,0.407]
def pq(table):
    def f(y):
        v=np.log(y); n=len(v); tr=(v[-1]-v[0])/(n-1); dev=v[-1]-v[-min(n,5):].mean(); sd=np.std(np.diff(v),ddof=1)
        q=sum(sd>c for c in cuts); w,b=table[q]
        return np.exp(v[-1]+H*MU+w*H*(tr-MU)-b*dev)
    return f
for name,t in [('const',[(.2,.2)]*4),('logopt',[(.3,0),(.3,.2),(.2,.2),(.1,.2)]),('logopt2',[(.3,.1),(.3,.2),(.2,.2),(.1,.2)]),('maseopt',[(.3,.1),(.5,.3),(.2,.3),(.2,.3)])]:
    print(name,'long',mase(tr,te,pq(t)),'short',mase(trs,tes,pq(t)))
