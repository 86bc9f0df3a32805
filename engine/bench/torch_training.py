"""PyTorch reference for Varanus's training time: the same VAE and objective as
io.varanus.models.vae.VaeTrainer, trained on the same rows (written by io.varanus.engine.bench.TrainingRows).

Network: width -> 64 (tanh) -> z 8 (mu, logvar heads) -> 64 (tanh) -> width. Loss: mean over the batch of the
negative ELBO with one reparameterized sample per row; continuous blocks Gaussian with variance
min_variance + softplus(raw) (one learned raw value per block), categorical blocks a softmax over the group of the
logits clamped to [-40, 40]; KL weight ramping linearly per step from 0 to 1 over 5 epochs. Adam, learning rate 3e-3,
batch 256, 20% of the rows held out; after every epoch the loss of the validation rows and of a probe of training
rows with fixed noise, as Varanus computes them. Glorot-uniform weights (log-variance head gain 0.1), zero biases.

Usage: /usr/bin/python3 torch_training.py ROWS_DIR EPOCHS THREADS"""
import math, sys, time
import numpy as np
import torch
import torch.nn as nn

rows_dir, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(42)
torch.set_num_threads(threads)
H, Z, BATCH, LR, WARMUP, MIN_VAR, VAL, BOUND = 64, 8, 256, 3e-3, 5, 1e-3, 0.2, 40.0

blocks = [line.split() for line in open(f"{rows_dir}/layout.txt") if line.strip()]
cont, groups, col = [], [], 0
for b in blocks:
    if b[0] == "c":
        cont.append(col); col += 1
    else:
        groups.append((col, int(b[1]))); col += int(b[1])
D = col
X = torch.from_numpy(np.fromfile(f"{rows_dir}/rows.f32", dtype="<f4").reshape(-1, D).copy())
perm = torch.randperm(X.shape[0])
n_val = max(2, round(X.shape[0] * VAL))
Xv, Xt = X[perm[:n_val]], X[perm[n_val:]]
probe = Xt[: min(Xt.shape[0], max(n_val, 1024))]
eps_v, eps_p = torch.randn(Xv.shape[0], Z), torch.randn(probe.shape[0], Z)
cont_idx = torch.tensor(cont, dtype=torch.long)
LOG2PI = math.log(2 * math.pi)


def glorot(i, o, gain=1.0):
    layer = nn.Linear(i, o)
    nn.init.xavier_uniform_(layer.weight, gain=gain)
    nn.init.zeros_(layer.bias)
    return layer


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc, self.mu, self.lv = glorot(D, H), glorot(H, Z), glorot(H, Z, 0.1)
        self.dec, self.out = glorot(Z, H), glorot(H, D)
        self.raw = nn.Parameter(torch.full((len(cont),), math.log(math.expm1(1 - MIN_VAR))))

    def loss(self, x, eps, beta):
        h = torch.tanh(self.enc(x))
        mu, lv = self.mu(h), self.lv(h)
        z = mu + torch.exp(0.5 * lv) * eps
        out = self.out(torch.tanh(self.dec(z)))
        var = nn.functional.softplus(self.raw) + MIN_VAR
        diff = x[:, cont_idx] - out[:, cont_idx]
        recon = 0.5 * ((diff * diff / var).sum(1) + torch.log(var).sum() + len(cont) * LOG2PI)
        for start, width in groups:
            logits = out[:, start:start + width].clamp(-BOUND, BOUND)
            target = x[:, start:start + width]
            recon = recon - (target * torch.log_softmax(logits, 1)).sum(1)
        kl = 0.5 * (torch.exp(lv) + mu * mu - lv - 1).sum(1)
        return (recon + beta * kl).mean()


model = Vae()
opt = torch.optim.Adam(model.parameters(), lr=LR)
steps = (Xt.shape[0] + BATCH - 1) // BATCH
t0 = time.perf_counter()
for ep in range(epochs):
    order = torch.randperm(Xt.shape[0])
    for s in range(steps):
        xb = Xt[order[s * BATCH:(s + 1) * BATCH]]
        beta = min(1.0, (ep + (s + 1) / steps) / WARMUP)
        opt.zero_grad()
        loss = model.loss(xb, torch.randn(xb.shape[0], Z), beta)
        loss.backward()
        opt.step()
    with torch.no_grad():
        tl = model.loss(probe, eps_p, 1.0).item()
        vl = model.loss(Xv, eps_v, 1.0).item()
    if ep == 0 or ep == epochs - 1:
        print(f"  torch epoch {ep + 1}: loss {tl:.4f} val_loss {vl:.4f}", flush=True)
dt = time.perf_counter() - t0
print(f"torch {torch.__version__}, {threads} thread(s): {epochs} epochs in {dt:.2f} s "
      f"({dt / epochs:.3f} s/epoch, {Xt.shape[0]} train rows, width {D}), final val loss {vl:.4f}")
