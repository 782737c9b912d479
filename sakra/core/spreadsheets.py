from .exports import neutralise  # noqa: F401 - until actions' exports use sakra.core.exports
