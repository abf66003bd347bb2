"""TFM201's session converter, in the order it runs.

* ``scan``: reads one graph section of a module once, in order, into
* ``analysis``: what the section builds (sessions, placeholders,
  variables, recomputed tensors, training ops) and the questions asked of it;
* ``checks``: every use eager code cannot reproduce, all of them yielded;
* ``plan``: every decision, each use planned on its own so that a refusal
  lists all of its causes; ``definitions`` plans the graph's definitions
  (``runs`` and ``training`` plan their features);
* ``decisions``: what a plan holds, read by the emitters;
* ``emit``: the decisions as code; emitters never raise and never report.

``tables`` and ``syntax`` hold the name tables and CST helpers they share.
"""
