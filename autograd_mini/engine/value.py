"""The scalar engine: `Value`, one number that remembers how it was computed.

Every op below does three things, in the same order:
    1. compute the output number `out`;
    2. write down its *local* derivatives d(out)/d(input), one per input;
    3. return a new Value that keeps its inputs (`_prev`) and those derivatives.

`backward()` then applies the chain rule once, for every op alike::

    input.grad += local_derivative * out.grad

visiting nodes from the output back to the inputs (reverse topological order).

Because an op stores plain numbers rather than a closure that points back at its
output, a graph has no reference cycles: Python frees it by reference counting the
moment it is no longer used, and the cyclic garbage collector has nothing to chase.
"""

from __future__ import annotations

import math
import operator
from numbers import Real
from typing import Iterable, Sequence, Union

Number = Union[int, float]


def _exp(x: float) -> float:
    """e**x that returns inf instead of raising OverflowError (as PyTorch does)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _check_number(data: object) -> float:
    if isinstance(data, Value):
        raise TypeError(
            f"Value(...) was given another Value ({data!r}); pass its number with "
            f"Value(v.data), or use the Value itself."
        )
    if isinstance(data, bool) or not isinstance(data, Real):
        raise TypeError(
            f"Value(...) takes a real number (int or float), but was given "
            f"{data!r} of type {type(data).__name__}. Convert it first, e.g. Value(float(x))."
        )
    return float(data)


class Value:
    """A scalar with a gradient: `data`, `grad`, and the op and inputs that made it."""

    __slots__ = ("data", "grad", "label", "_prev", "_local_grads", "_op")

    def __init__(
        self,
        data: Number,
        _children: Sequence["Value"] = (),
        _op: str = "",
        _local_grads: Sequence[float] = (),
        label: str = "",
    ) -> None:
        self.data = data if type(data) is float else _check_number(data)  # the common case first
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_children)  # inputs, in the order the op received them
        self._local_grads = tuple(_local_grads)  # d(self)/d(input), same order
        self._op = _op

    # ------------------------------------------- the graph, read-only (for drawing it)
    @property
    def children(self) -> tuple["Value", ...]:
        """The inputs of the op that made this value, in the order it received them (() for a leaf)."""
        return self._prev

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(input) for each of `children`, the numbers the chain rule multiplies by."""
        return self._local_grads

    @property
    def op(self) -> str:
        """The name of the op that made this value ('+', '*', 'tanh', ...; '' for a leaf)."""
        return self._op

    @staticmethod
    def _lift(other: "Value | Number") -> "Value":
        return other if isinstance(other, Value) else Value(other)

    # ---------------------------------------------------------------- arithmetic
    def __add__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        return Value(self.data + other.data, (self, other), "+", (1.0, 1.0))

    def __mul__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        # d(a*b)/da = b,  d(a*b)/db = a
        return Value(self.data * other.data, (self, other), "*", (other.data, self.data))

    def __sub__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        return Value(self.data - other.data, (self, other), "-", (1.0, -1.0))

    def __truediv__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(
                f"div: cannot divide {a} by {b}: the denominator is zero. "
                f"Add a small epsilon to the denominator or check where it became zero."
            )
        # d(a/b)/da = 1/b,  d(a/b)/db = -a/b^2, computed as -(a/b)/b: b*b can underflow to 0
        return Value(a / b, (self, other), "/", (1.0 / b, -(a / b) / b))

    def __pow__(self, other: "Value | Number") -> "Value":
        a = self.data
        if isinstance(other, Value):
            n = other.data
            out = _pow(a, n)
            # d(a^n)/dn = a^n * ln(a); for a = 0 PyTorch uses 0, for a < 0 it is nan.
            d_exponent = out * math.log(a) if a > 0 else (0.0 if a == 0 else math.nan)
            return Value(out, (self, other), "**", (_pow_grad(a, n), d_exponent))
        if isinstance(other, bool) or not isinstance(other, Real):
            raise TypeError(
                f"pow: the exponent must be a number or a Value, not {type(other).__name__} ({other!r})."
            )
        n = float(other)
        # d(a^n)/da = n * a^(n-1)
        return Value(_pow(a, n), (self,), f"**{other:g}", (_pow_grad(a, n),))

    def __neg__(self) -> "Value":
        return Value(-self.data, (self,), "neg", (-1.0,))

    def __radd__(self, other: Number) -> "Value":
        return self._lift(other) + self

    def __rsub__(self, other: Number) -> "Value":
        return self._lift(other) - self

    def __rmul__(self, other: Number) -> "Value":
        return self._lift(other) * self

    def __rtruediv__(self, other: Number) -> "Value":
        return self._lift(other) / self

    def __rpow__(self, other: Number) -> "Value":
        return self._lift(other) ** self

    # ------------------------------------------------------ elementary functions
    def exp(self) -> "Value":
        """e ** self."""
        e = _exp(self.data)
        return Value(e, (self,), "exp", (e,))  # d(e^x)/dx = e^x

    def log(self) -> "Value":
        """The natural logarithm; refuses a number <= 0."""
        x = self.data
        if x <= 0.0:
            raise ValueError(
                f"log: the logarithm of {x} is undefined (log needs a positive number). "
                f"For a loss, clamp probabilities away from 0 or use binary_cross_entropy_with_logits."
            )
        return Value(math.log(x), (self,), "log", (1.0 / x,))  # d(ln x)/dx = 1/x

    def tanh(self) -> "Value":
        """The hyperbolic tangent, in (-1, 1)."""
        t = math.tanh(self.data)  # math.tanh saturates to +-1 without overflow
        return Value(t, (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self) -> "Value":
        """1 / (1 + e ** -self), in (0, 1), computed without overflow."""
        s = _sigmoid(self.data)
        return Value(s, (self,), "sigmoid", (s * (1.0 - s),))

    def relu(self) -> "Value":
        """max(self, 0)."""
        x = self.data
        # The derivative at exactly 0 is taken as 0, as in PyTorch.
        return Value(x if x > 0 else 0.0, (self,), "relu", (1.0 if x > 0 else 0.0,))

    def leaky_relu(self, negative_slope: float = 0.01) -> "Value":
        """self if self > 0, else negative_slope * self."""
        x = self.data
        slope = 1.0 if x > 0 else negative_slope
        return Value(x * slope, (self,), "leaky_relu", (slope,))

    def abs(self) -> "Value":
        """`|self|`."""
        x = self.data
        sign = 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)  # |x|' = sign(x), 0 at 0
        return Value(abs(x), (self,), "abs", (sign,))

    def __abs__(self) -> "Value":
        return self.abs()

    def sqrt(self) -> "Value":
        """The square root; refuses a negative number."""
        x = self.data
        if x < 0.0:
            raise ValueError(
                f"sqrt: the square root of {x} is not a real number (sqrt needs a number >= 0). "
                f"Take sqrt of something that cannot be negative, e.g. x*x + eps, or use abs()."
            )
        s = math.sqrt(x)
        # d(sqrt x)/dx = 1 / (2 sqrt x): infinite at x = 0, as in PyTorch
        return Value(s, (self,), "sqrt", (0.5 / s if s > 0.0 else math.inf,))

    def sin(self) -> "Value":
        """The sine (radians)."""
        x = _finite("sin", self.data)
        return Value(math.sin(x), (self,), "sin", (math.cos(x),))  # sin' = cos

    def cos(self) -> "Value":
        """The cosine (radians)."""
        x = _finite("cos", self.data)
        return Value(math.cos(x), (self,), "cos", (-math.sin(x),))  # cos' = -sin

    # ------------------------------------------------- comparisons and conversions
    # <, <=, >, >= compare the numbers and return a plain bool (no gradient flows through a
    # comparison, as in PyTorch). == and != do NOT compare numbers: a Value is a node of a
    # graph, kept in sets and dicts (backward, graph drawing), so == means "the same node".
    # Comparing a Value with a plain number by == raises instead of answering a silent False.
    def __lt__(self, other: "Value | Number") -> bool:
        return self.data < _number("<", other)

    def __le__(self, other: "Value | Number") -> bool:
        return self.data <= _number("<=", other)

    def __gt__(self, other: "Value | Number") -> bool:
        return self.data > _number(">", other)

    def __ge__(self, other: "Value | Number") -> bool:
        return self.data >= _number(">=", other)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Real):
            raise TypeError(
                f"==: a Value is a graph node, so == asks 'the same node?', not 'the same number?'. "
                f"To compare {self!r} with {other!r}, compare its number: v.data == {other!r}."
            )
        return self is other

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__  # by identity: two nodes with the same number are two nodes

    def __float__(self) -> float:
        return self.data

    def __int__(self) -> int:
        return int(self.data)

    def __format__(self, spec: str) -> str:
        # f"{loss:.4f}" formats the number; a plain f"{loss}" is the repr
        return format(self.data, spec) if spec else repr(self)

    # ---------------------------------------------- fused ops (one node, many inputs)
    @staticmethod
    def sum(values: Iterable["Value | Number"]) -> "Value":
        """Sum of many values as one node (d(sum)/d(each input) = 1)."""
        inputs = tuple(Value._lift(v) for v in values)
        return Value(math.fsum(v.data for v in inputs), inputs, "sum", (1.0,) * len(inputs))

    @staticmethod
    def weighted_sum(
        weights: Sequence["Value"],
        inputs: Sequence["Value | Number"],
        bias: "Value",
        *,
        input_data: "Sequence[float] | None" = None,
    ) -> "Value":
        """w1*x1 + ... + wn*xn + b as one node: what a neuron computes before its activation.

        A layer's neurons all read the same inputs: it passes them as Values with their numbers
        (`input_data`), read once for all its neurons instead of once per neuron.
        """
        if len(weights) != len(inputs):
            raise ValueError(
                f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; they must match."
            )
        if input_data is None:
            inputs = [x if type(x) is Value else Value._lift(x) for x in inputs]
            input_data = [x.data for x in inputs]
        w_data = [w.data for w in weights]
        total = sum(map(operator.mul, w_data, input_data), bias.data)  # b + w1*x1 + w2*x2 + ..., in that order
        # d/dw_i = x_i,  d/dx_i = w_i,  d/db = 1
        return Value(total, (*weights, *inputs, bias), "Σw·x+b", (*input_data, *w_data, 1.0))

    # ----------------------------------------------------------------- backward
    def backward(self) -> None:
        """Fill in `.grad` of every value this one depends on (d self / d value).

        Leaves (values no op produced, such as weights) accumulate, as in PyTorch:
        call `zero_grad()` between steps. Intermediate values start from zero each call.
        """
        ops, leaves = _ops_and_leaves(self)
        # This call's gradients are summed from zero for every node; a leaf's earlier
        # gradient is added back once at the end (old + new), so two calls give exactly
        # twice one call, as in PyTorch, whatever the order of the additions.
        earlier = [(leaf, leaf.grad) for leaf in leaves]
        for node in ops:
            node.grad = 0.0
        for leaf in leaves:
            leaf.grad = 0.0
        self.grad = 1.0
        for node in reversed(ops):  # outputs before inputs
            g = node.grad
            if g == 0.0:
                continue  # nothing flows back through this node
            for child, local in zip(node._prev, node._local_grads):
                child.grad += local * g  # the chain rule
        for leaf, before in earlier:
            leaf.grad = before + leaf.grad

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g}{label})"


def topological_order(root: Value) -> list[Value]:
    """Every value `root` depends on, each after its inputs (iterative: no recursion limit)."""
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        # Pushed in reverse so the first input is visited first: same order every run.
        for child in reversed(node._prev):
            if id(child) not in visited:
                stack.append((child, False))
    return order


def _ops_and_leaves(root: Value) -> tuple[list[Value], list[Value]]:
    """The op nodes `root` depends on, each after its inputs, and the set of leaves it reaches.

    What backward() needs, found in one depth-first walk that never steps onto a leaf: a network's
    leaves (its weights) are most of the edges, and they need no place in the order.
    """
    if not root._prev:
        return [], [root]
    order: list[Value] = []
    leaves: list[Value] = []
    seen = {root}
    stack = [(root, iter(root._prev))]
    while stack:
        node, inputs = stack[-1]
        for child in inputs:  # resumes where this node's walk stopped
            if child not in seen:
                seen.add(child)
                if not child._prev:
                    leaves.append(child)
                    continue
                stack.append((child, iter(child._prev)))
                break  # walk into the child first
        else:  # every input done: the node comes after all of them
            stack.pop()
            order.append(node)
    return order, leaves


def _number(op: str, other: object) -> float:
    """The number on the right of a comparison: a Value's data, or a plain real number."""
    if isinstance(other, Value):
        return other.data
    if isinstance(other, Real):
        return float(other)
    raise TypeError(
        f"{op}: a Value compares with another Value or a real number, not {type(other).__name__} ({other!r})."
    )


def _finite(op: str, x: float) -> float:
    if math.isinf(x):
        raise ValueError(f"{op}: {op}({x}) is undefined; the input became infinite earlier (check for overflow).")
    return x


def _sigmoid(x: float) -> float:
    # Two branches so that exp() only ever sees a non-positive number: never overflows.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _pow(a: float, n: float) -> float:
    if a == 0.0 and n < 0:
        raise ZeroDivisionError(f"pow: 0.0 ** {n:g} divides by zero; the base must not be 0 for a negative exponent.")
    if a < 0.0 and not float(n).is_integer():
        raise ValueError(
            f"pow: {a:g} ** {n:g} is not a real number (a negative base needs an integer exponent). "
            f"Use abs() on the base, or an integer exponent."
        )
    try:
        return a**n
    except OverflowError:
        return math.inf if a > 0 or float(n) % 2 == 0 else -math.inf


def _pow_grad(a: float, n: float) -> float:
    if n == 0:
        return 0.0
    if a == 0.0:
        return 0.0 if n > 1 else (1.0 if n == 1 else math.inf)
    return n * _pow(a, n - 1)
