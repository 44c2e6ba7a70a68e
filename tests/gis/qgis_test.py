#!/usr/bin/env python3
"""QGIS check of the styles a GeoPackage from `borderflow export` carries.

Usage: qgis_test.py BORDERFLOW SOURCE_DIR WORK_DIR   (needs Debian's python3-qgis)

QGIS itself opens every layer of the baseline's GeoPackage and must apply its default style from
`layer_styles` (the rule-based renderers of config/qgis/, not QGIS's random single symbol), with
every rule's filter and every data-defined expression evaluating on every feature without error,
the line widths growing with the flow, and the map rendering to a non-blank image.
"""
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsExpressionContext, QgsExpressionContextUtils, QgsMapRendererParallelJob,
                       QgsMapSettings, QgsSymbolLayer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

BORDERFLOW, SOURCE, WORK = sys.argv[1:4]
RENDERERS = {"links": "RuleRenderer", "crossings": "RuleRenderer", "transfers": "RuleRenderer",
             "places": "singleSymbol", "route_paths": "singleSymbol"}
LABELLED = {"crossings", "places"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


os.makedirs(WORK, exist_ok=True)
gpkg = os.path.join(WORK, "qgis.gpkg")
subprocess.run([BORDERFLOW, "export", "scenarios/baseline-2024.yaml", "-o", gpkg], cwd=SOURCE, check=True)

app = QgsApplication([], False)
app.initQgis()
layers = []
for name, renderer_type in RENDERERS.items():
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    check(layer.isValid(), f"{name}: QGIS cannot open the layer")
    if not layer.isValid():
        continue
    layers.append(layer)
    renderer = layer.renderer()
    check(renderer.type() == renderer_type, f"{name}: renderer {renderer.type()}, expected {renderer_type} "
                                            "(the default style in layer_styles was not applied)")
    check(layer.labelsEnabled() == (name in LABELLED), f"{name}: labels enabled {layer.labelsEnabled()}")
    if renderer.type() == "RuleRenderer":
        symbols = []
        for rule in renderer.rootRule().children():
            check(rule.filter() is not None and not rule.filter().hasParserError(),
                  f"{name} rule {rule.label()!r}: filter does not parse")
            symbols.append((rule.label(), rule.filter(), rule.symbol()))
    else:
        symbols = [("symbol", None, renderer.symbol())]
    matched = {label: 0 for label, _, _ in symbols}
    widths = []
    for feature in layer.getFeatures():
        context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
        context.setFeature(feature)
        for label, expression, symbol in symbols:
            if expression is not None:
                result = expression.evaluate(context)
                check(not expression.hasEvalError(), f"{name} rule {label!r}: {expression.evalErrorString()}")
                if not result:
                    continue
            matched[label] += 1
            properties = symbol.symbolLayer(0).dataDefinedProperties()
            for key in properties.propertyKeys():
                prop = properties.property(key)
                if not prop.isActive():
                    continue
                value, ok = prop.value(context, None)
                check(ok and value is not None, f"{name} {label!r}: data-defined property {key} gives no value "
                                                f"on {feature['id'] if 'id' in feature.fields().names() else feature.id()}")
                if key == QgsSymbolLayer.PropertyStrokeWidth and name == "links" and not label.startswith("binding"):
                    widths.append((feature["flow_t_per_yr"] or 0, float(value)))
    check(sum(matched.values()) >= layer.featureCount(), f"{name}: rules match {matched} of {layer.featureCount()}")
    if name == "links":
        link_widths = widths
        check(any(label.startswith("rail") and n > 0 for label, n in matched.items()), f"links: no rail drawn {matched}")
        check(any(label == "closed" and n > 0 for label, n in matched.items()), f"links: no closed link drawn {matched}")
        widths.sort()
        check(widths and widths[0][1] < widths[-1][1], f"links: widths do not grow with the flow: {widths[:1]} {widths[-1:]}")
    if name == "crossings":
        check(sum(n for label, n in matched.items() if label not in ("closed", "planned")) > 0,
              f"crossings: no open crossing coloured {matched}")

settings = QgsMapSettings()
settings.setLayers(layers)
settings.setBackgroundColor(QColor(255, 255, 255))
settings.setOutputSize(QSize(900, 700))
settings.setExtent(layers[0].extent())
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
png = os.path.join(WORK, "qgis.png")
image.save(png, "png")
colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
check(len(colours) > 10, f"the QGIS render {png} is nearly blank ({len(colours)} colours)")

if failures:
    print("\n".join(failures))
else:
    print(f"qgis: {len(layers)} layers styled from layer_styles; link widths {link_widths[0][1]:.2f} to "
          f"{link_widths[-1][1]:.2f} mm; rendered {png}")
sys.stdout.flush()
# QGIS 3.22's Python teardown can crash once the layers are gone; the verdict is in, so leave
# without it.
os._exit(1 if failures else 0)
