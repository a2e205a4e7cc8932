"""The lesson's video toolkit: one mobject per file, and the scene that narrates itself.

    theme            colours, fonts, number formatting (`num`, `term`), `fit_in_frame`
    narration        LessonScene: title card, `say` (caption + subtitle), end card, pacing log
    value_graph      ValueGraph: any Value graph, values forward and gradients backward
    neuron_diagram   NeuronDiagram: the textbook neuron
    network_diagram  NetworkDiagram: a small network's neurons and weights
    slider           Slider: a labelled track, a knob, a read-out
    loss_surface     LossSurface: the engine's loss grid as a 3D surface, a ball on it
    data_plane       DataPlane: two classes, boundary, shading, amber rings on mistakes
    readout          Readout: 'label value' that can change every frame
    training         training_frames, PlaneScene: replaying `fit` on a plane

Every number a scene shows comes from autograd_mini: these mobjects only *draw* what the
engine computed. Scenes import from here: `from common import DataPlane, LessonScene, ...`.
"""

from .data_plane import DataPlane, contour_lines, probability_grid
from .loss_surface import LossSurface, ball_at, curtain, lerp_path
from .narration import TEXT_MARGIN, LessonScene, hold_time, plain, word_count
from .network_diagram import NetworkDiagram
from .neuron_diagram import NeuronDiagram
from .readout import Readout, keep_redrawn, stop_redrawing
from .slider import Slider
from .theme import *  # noqa: F401,F403  (the palette and the text helpers)
from .training import PlaneScene, training_frames
from .value_graph import ValueGraph, ValueNode, layout_value_graph, op_symbol
