import torch
from torch import nn
dropout = 0.3
net = nn.Sequential(
    nn.Conv1d(1, 4, 5), nn.ReLU(), nn.AvgPool1d(2, 2),
    nn.Conv1d(4, 8, 5), nn.ReLU(), nn.AvgPool1d(2, 2),
    nn.Conv1d(8, 16, 5), nn.ReLU(), nn.AvgPool1d(2, 2),
    nn.Conv1d(16, 32, 5), nn.ReLU(), nn.AvgPool1d(2, 2),
    nn.Flatten(),
    nn.Linear(11872, 128), nn.ReLU(), nn.Dropout(dropout),
    nn.Linear(128, 64), nn.ReLU(), nn.Dropout(p=dropout),
    nn.Linear(64, 10))
lr, num_epochs = 0.075, 50
# d2l.train_ch6(net, train_iter, test_iter, num_epochs, lr, d2l.try_gpu())
