import torch
from torch import nn

# Voice network (speaker-independent)
net = nn.Sequential(
    nn.Conv1d(13, 64, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm1d(64),
    nn.ReLU(),
    nn.AvgPool1d(2, stride=2),
    nn.Conv1d(64, 128, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm1d(128),
    nn.ReLU(),
    nn.AvgPool1d(2, stride=2),
    nn.Conv1d(128, 128, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm1d(128),
    nn.ReLU(),
    nn.AvgPool1d(2, stride=2),
    nn.AdaptiveAvgPool1d(3),
    nn.Flatten(),
    nn.Dropout(0.3),
    nn.Linear(384, 64),
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.Linear(64, 10),
)
x = torch.zeros(1, 13, 74)  # a batch of one input
