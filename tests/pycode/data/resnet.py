import torch
from torch import nn

class Residual(nn.Module):
    """The assignment's residual block, with padding 2 on the first convolution."""
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv1d(cin, cout, 5, padding=2), nn.Conv1d(cout, cout, 5)
        self.bn1, self.bn2 = nn.BatchNorm1d(cout), nn.BatchNorm1d(cout)
        self.conv_x = nn.Conv1d(cin, cout, 5)
    def forward(self, x):
        y = nn.functional.relu(self.bn1(self.conv1(x)))
        return nn.functional.relu(self.bn2(self.conv2(y)) + self.conv_x(x))

layers = []
for cin, cout in [(1, 4), (4, 8), (8, 16), (16, 32)]:
    layers += [Residual(cin, cout), nn.ReLU(), nn.AvgPool1d(2, 2)]
net = nn.Sequential(*layers, nn.Flatten(), nn.Linear(11872, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                    nn.Linear(64, 10))
X = torch.randn(2, 1, 6000)
