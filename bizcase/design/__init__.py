"""The delivery design layer: what a support option's delivery is made of, and its sizing maths.

Sits between the scenario model and the simulation: the engine may read what this layer
compiles, and the delivery plan above the simulation uses its queueing, labour-calendar and
spare-parts maths.
"""
