"""Python PyTorch's speed on one ConvScope network: the reference `convscope-cli bench` times a preset against when
the assignment's script (notebook_reference.py) does not have it, as for `voice`.

Needs Debian's python3-torch. bench writes the network as `convscope-cli code` prints it and runs:

    /usr/bin/python3 network_reference.py --network net.py --model voice --input 13,74 --examples 2000
        --epochs 2 --batch 64 --lr 0.05 --momentum 0.9 [--weight-decay 0] [--label-smoothing 0] --threads 1

It trains the network with the loop notebook_reference.py times (zero_grad, forward, cross-entropy, backward,
SGD step, then the loss and the correct count read back), timing the training steps only, over the given number
of examples per epoch in fixed order. The step's cost does not depend on the values, so the inputs are seeded
normal noise and the labels seeded digits: the reference measures the network's training step, not a recipe.
ConvScope's side times the same span: its voice batches are augmented (time shift, SpecAugment) before the
timed step, as the reference's batches are sliced before it.
Prints one JSON line: model, examples_per_sec, params, steps.
"""
import argparse, json, time
import torch
from torch import nn


def load_network(path):
    scope = {}
    exec(compile(open(path).read(), path, 'exec'), scope)
    return scope['net']


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--network', required=True)
    p.add_argument('--model', required=True)
    p.add_argument('--input', required=True, help='channels,length of one example')
    p.add_argument('--examples', type=int, required=True)
    p.add_argument('--epochs', type=int, required=True)
    p.add_argument('--batch', type=int, required=True)
    p.add_argument('--lr', type=float, required=True)
    p.add_argument('--momentum', type=float, default=0.0)
    p.add_argument('--weight-decay', type=float, default=0.0)
    p.add_argument('--label-smoothing', type=float, default=0.0)
    p.add_argument('--threads', type=int, required=True)
    p.add_argument('--seed', type=int, default=12345)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = load_network(a.network)
    shape = [int(v) for v in a.input.split(',')]
    X = torch.randn(a.examples, *shape)
    y = torch.randint(0, 10, (a.examples,))
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay)
    loss = nn.CrossEntropyLoss(label_smoothing=a.label_smoothing)
    spent, steps, seen = 0.0, 0, 0
    net.train()
    for _ in range(a.epochs):
        for first in range(0, a.examples, a.batch):
            xb, yb = X[first:first + a.batch], y[first:first + a.batch]
            t0 = time.perf_counter()
            opt.zero_grad(); yh = net(xb); l = loss(yh, yb); l.backward(); opt.step()
            with torch.no_grad():
                l.item(); (yh.argmax(1) == yb).sum().item()
            spent += time.perf_counter() - t0
            steps += 1
            seen += len(yb)
    print(json.dumps(dict(model=a.model, examples_per_sec=seen / spent, steps=steps,
                          params=sum(t.numel() for t in net.parameters()))))


if __name__ == '__main__':
    main()
