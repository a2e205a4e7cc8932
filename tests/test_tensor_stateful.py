"""A stateful test: hypothesis builds random graphs, reusing nodes, and checks every gradient with gradcheck.

Each step adds a node: a new leaf, or an op applied to nodes already built (the same node may be
drawn twice, `a * a`, and old nodes keep being reused, so gradients reach leaves along many paths).
Every node also remembers a recipe that rebuilds it from the leaves' numbers with the same sharing,
so gradcheck can run the graph again for its finite differences. The checks:
  - backward() on the graph as it was built gives, at every leaf, the central-difference gradient;
  - gradcheck on the rebuilt graph passes (it also nudges leaves that do not reach the node: 0);
  - a second backward() accumulates into the leaves, exactly twice the first (PyTorch's rule);
  - backward() never fills in .grad of a leaf created with requires_grad=False.
All nodes share one shape, (2, 3), so any two can be combined; ops that change shapes inside
(matmul, reductions, concat, stack, indexing with repeats, broadcasting) come back to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from autograd_mini import Tensor, concat, stack
from autograd_mini.gradcheck import gradcheck, numerical_grad

SHAPE = (2, 3)
LIMIT = 1e3  # nodes larger than this are not kept: finite differences lose their digits

# Smooth ops only: no relu/abs/max, whose kinks a node like a - a (all zeros) would sit on.
UNARY: dict[str, Callable[[Tensor], Tensor]] = {
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "softplus": lambda a: a.softplus(),
    "exp_tanh": lambda a: a.tanh().exp(),
    "neg": lambda a: -a,
    "square": lambda a: a**2,
    "sqrt_1_plus_square": lambda a: (1.0 + a * a) ** 0.5,
    "log_1_plus_square": lambda a: (a * a + 1.0).log(),
    "scale_shift": lambda a: 0.5 * a - 1.0,
    "softmax": lambda a: a.softmax(axis=1),
    "log_softmax_dim0": lambda a: a.log_softmax(dim=0),
    "center_rows": lambda a: a - a.mean(axis=1, keepdims=True),
    "times_column_sums": lambda a: a * a.sum(axis=0),  # (2, 3) * (3,): broadcast
    "plus_logsumexp": lambda a: a + a.logsumexp(axis=1, keepdims=True),
    "repeat_row": lambda a: a[[0, 0]],  # the same row twice: gradients add up
    "swap_rows": lambda a: a[::-1],
    "transpose_twice": lambda a: a.T.reshape(3, 2).T.reshape(SHAPE).T.T,
    "flatten_back": lambda a: a.reshape(-1).reshape(2, 3),
}
BINARY: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "safe_div": lambda a, b: a / (1.0 + b * b),
    "pow": lambda a, b: (1.0 + a * a) ** b.tanh(),
    "matmul_chain": lambda a, b: (a @ b.T) @ a / 3.0,  # (2,3)@(3,2)@(2,3)
    "row_broadcast": lambda a, b: a * b[1],  # (2, 3) * (3,)
    "column_broadcast": lambda a, b: a + b[:, :1],  # (2, 3) + (2, 1)
    "concat_halves": lambda a, b: concat([a[:, :1], b[:, 1:]], axis=1),
    "stack_mean": lambda a, b: stack([a, b], dim=0).mean(axis=0),
    "outer_of_sums": lambda a, b: a.sum(axis=1, keepdims=True) @ b.sum(axis=0, keepdims=True) / 10.0,
}


@dataclass
class Node:
    tensor: Tensor
    rebuild: Callable[[dict, list[Tensor]], Tensor]  # (memo, leaves) -> the node again, sharing kept
    key: int


class RandomGraphs(RuleBasedStateMachine):
    nodes = Bundle("nodes")

    def __init__(self) -> None:
        super().__init__()
        self.leaves: list[Tensor] = []  # every leaf, also the constants
        self.count = 0

    def _node(self, tensor: Tensor, rebuild: Callable[[dict, list[Tensor]], Tensor]) -> Node:
        self.count += 1
        key = self.count

        def memoized(memo: dict, leaves: list[Tensor]) -> Tensor:
            if key not in memo:  # built once per rebuild, however many nodes use it: the sharing is kept
                memo[key] = rebuild(memo, leaves)
            return memo[key]

        return Node(tensor, memoized, key)

    def _leaf(self, values: np.ndarray, requires_grad: bool) -> Node:
        index = len(self.leaves)
        self.leaves.append(Tensor(values, requires_grad=requires_grad))
        return self._node(self.leaves[-1], lambda memo, leaves: leaves[index])

    @initialize(target=nodes, values=hnp.arrays(np.float64, SHAPE, elements=st.floats(-2, 2)))
    def first_leaf(self, values: np.ndarray) -> Node:
        return self._leaf(values, requires_grad=True)

    @rule(target=nodes, values=hnp.arrays(np.float64, SHAPE, elements=st.floats(-2, 2)), requires_grad=st.booleans())
    def leaf(self, values: np.ndarray, requires_grad: bool) -> Node:
        return self._leaf(values, requires_grad)

    @rule(target=nodes, name=st.sampled_from(sorted(UNARY)), a=nodes)
    def unary(self, name: str, a: Node):
        op = UNARY[name]
        out = op(a.tensor)
        if not np.all(np.abs(out.data) < LIMIT):
            return multiple()
        return self._node(out, lambda memo, leaves: op(a.rebuild(memo, leaves)))

    @rule(target=nodes, name=st.sampled_from(sorted(BINARY)), a=nodes, b=nodes)
    def binary(self, name: str, a: Node, b: Node):
        op = BINARY[name]
        out = op(a.tensor, b.tensor)
        if not np.all(np.abs(out.data) < LIMIT):
            return multiple()
        return self._node(out, lambda memo, leaves: op(a.rebuild(memo, leaves), b.rebuild(memo, leaves)))

    @rule(node=nodes)
    def check_gradients(self, node: Node) -> None:
        weights = np.random.default_rng(node.key).uniform(-1, 1, size=SHAPE)
        if not node.tensor.requires_grad:  # built from constants only: nothing to differentiate, and it says so
            with pytest.raises(RuntimeError, match="does not require grad"):
                node.tensor.backward(gradient=weights)
            return
        for leaf in self.leaves:
            leaf.grad = None
        node.tensor.backward(gradient=weights, retain_graph=True)  # on the graph exactly as it was built
        first = [None if leaf.grad is None else leaf.grad.data.copy() for leaf in self.leaves]

        def f(*leaves: Tensor) -> Tensor:
            return (node.rebuild({}, list(leaves)) * weights).sum()

        inputs = [Tensor(leaf.data, requires_grad=leaf.requires_grad) for leaf in self.leaves]
        expected = numerical_grad(f, inputs)
        for leaf, got, want in zip(self.leaves, first, expected):
            if not leaf.requires_grad:
                assert got is None, "a leaf with requires_grad=False received a gradient"
                continue
            got = np.zeros(SHAPE) if got is None else got  # no path to this node: gradient 0
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
        assert gradcheck(f, inputs)

        node.tensor.backward(gradient=weights, retain_graph=True)  # again: leaves accumulate
        for leaf, g in zip(self.leaves, first):
            if g is not None:
                np.testing.assert_allclose(leaf.grad, 2 * g, rtol=1e-12, atol=1e-12)

    @invariant()
    def nodes_keep_their_shape(self) -> None:
        assert all(leaf.shape == SHAPE for leaf in self.leaves)


RandomGraphs.TestCase.settings = settings(max_examples=30, stateful_step_count=20, deadline=None)
TestRandomGraphs = RandomGraphs.TestCase
