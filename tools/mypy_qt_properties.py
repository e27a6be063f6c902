"""A mypy plugin: Qt constructors accept every Qt property they inherit as a keyword argument.

PySide6 sets any Qt property passed to a constructor (`QLabel(text, objectName="status")`), but its
stubs declare only each class's own properties, so mypy refuses the inherited ones (`objectName` from
QObject, `windowTitle` from QWidget) on hundreds of correct lines. This plugin adds the keyword-only
arguments of every base class's `__init__` (the properties, as the stubs list them) to the call's
signature, with their types, so the arguments are still checked. pyproject.toml [tool.mypy] loads it.

A constructor call names its class, so a signature hook widens it. `super().__init__(parent,
windowTitle=…)` passes no plugin hook, so when a class with a Qt class among its ancestors is
analysed, the nearest Qt ancestor's own `__init__` is widened in place (in memory, for this run: the
PySide6 stubs' cache is written before). Every class analysed does this, whatever its direct bases,
so a run from a warm cache (only changed modules analysed) agrees with a cold one.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import ARG_NAMED_OPT, ARG_POS, FuncBase, TypeInfo
from mypy.plugin import ClassDefContext, FunctionSigContext, MethodSigContext, Plugin
from mypy.types import CallableType, FunctionLike, Overloaded, ProperType, Type, get_proper_type

QT_PACKAGE = "PySide6."


def _keyword_only(signature: ProperType | None) -> dict[str, Type]:
    items = signature.items if isinstance(signature, Overloaded) else [signature]
    found: dict[str, Type] = {}
    for item in items:
        if isinstance(item, CallableType):
            for kind, name, typ in zip(item.arg_kinds, item.arg_names, item.arg_types, strict=True):
                if kind == ARG_NAMED_OPT and name is not None:
                    found.setdefault(name, typ)
    return found


def _setter_value(signature: ProperType | None) -> Type | None:
    """The value type of a one-argument setter `setX(self, value)` (its first overload's)."""
    item = signature.items[0] if isinstance(signature, Overloaded) else signature
    if isinstance(item, CallableType) and item.arg_kinds == [ARG_POS, ARG_POS]:
        return item.arg_types[1]
    return None


def _inherited_properties(info: TypeInfo) -> dict[str, Type]:
    """Keyword-only arguments of the __init__ of every class in `info`'s MRO (the nearest wins), and
    `x` for each one-argument setter `setX` (PySide6 calls it for `x=…`: `QLabel(…, buddy=field)`)."""
    found: dict[str, Type] = {}
    for base in info.mro:
        node = base.names.get("__init__")
        if node is not None and isinstance(node.node, FuncBase) and node.node.type is not None:
            for name, typ in _keyword_only(get_proper_type(node.node.type)).items():
                found.setdefault(name, typ)
    for base in info.mro:
        for name, node in base.names.items():
            if len(name) > 3 and name.startswith("set") and name[3].isupper() and isinstance(node.node, FuncBase):
                value = _setter_value(get_proper_type(node.node.type))
                if value is not None:
                    found.setdefault(name[3].lower() + name[4:], value)
    return found


def _widen(signature: CallableType, properties: dict[str, Type]) -> CallableType:
    missing = [name for name in properties if name not in signature.arg_names]
    if not missing:
        return signature
    return signature.copy_modified(
        arg_types=[*signature.arg_types, *(properties[name] for name in missing)],
        arg_kinds=[*signature.arg_kinds, *([ARG_NAMED_OPT] * len(missing))],
        arg_names=[*signature.arg_names, *missing],
    )


def _widened(signature: FunctionLike, properties: dict[str, Type]) -> FunctionLike:
    if isinstance(signature, Overloaded):
        return Overloaded([_widen(item, properties) for item in signature.items])
    assert isinstance(signature, CallableType)
    return _widen(signature, properties)


def _widen_own_init(info: TypeInfo) -> None:
    """Widen the `__init__` that `super().__init__` in a subclass of `info` resolves to."""
    for base in info.mro:
        node = base.names.get("__init__")
        if node is None or not isinstance(node.node, FuncBase):
            continue
        signature = get_proper_type(node.node.type)
        if isinstance(signature, FunctionLike):
            node.node.type = _widened(signature, _inherited_properties(base))
        return


class QtPropertiesPlugin(Plugin):
    def _qt_class(self, fullname: str) -> TypeInfo | None:
        if not fullname.startswith(QT_PACKAGE):
            return None
        node = self.lookup_fully_qualified(fullname)
        return node.node if node is not None and isinstance(node.node, TypeInfo) else None

    def get_function_signature_hook(self, fullname: str) -> Callable[[FunctionSigContext], FunctionLike] | None:
        """`QLabel(…, objectName=…)`: a constructor call names the class."""
        info = self._qt_class(fullname)
        if info is None:
            return None
        properties = _inherited_properties(info)
        return lambda ctx: _widened(ctx.default_signature, properties)

    def get_method_signature_hook(self, fullname: str) -> Callable[[MethodSigContext], FunctionLike] | None:
        """`QDialog.__init__(self, parent, windowTitle=…)`: an explicit call to a Qt base's __init__."""
        if not fullname.endswith(".__init__"):
            return None
        info = self._qt_class(fullname.removesuffix(".__init__"))
        if info is None:
            return None
        properties = _inherited_properties(info)
        return lambda ctx: _widened(ctx.default_signature, properties)

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        return _widen_nearest_qt_init


def _widen_nearest_qt_init(ctx: ClassDefContext) -> None:
    """A class being analysed: widen the __init__ its `super().__init__` may reach in Qt."""
    if ctx.cls.fullname.startswith(QT_PACKAGE):
        return  # the stubs themselves, still being analysed
    for base in ctx.cls.info.mro[1:]:
        if base.fullname.startswith(QT_PACKAGE):
            _widen_own_init(base)
            return


def plugin(version: str) -> type[Plugin]:
    return QtPropertiesPlugin
