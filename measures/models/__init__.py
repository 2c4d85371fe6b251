from .codes import Code, CodeList
from .episodes import AccessRequest, Appointment, Client, CountyHoliday, Hospitalization, MonthlyEligibles, Service
from .imports import BatchStatus, DataKind, ImportBatch, ImportSource, ImportUpload, UploadStatus
from .registry import ChartType, Direction, Measure, MeasureType, Stratum, Unit
from .results import ComputationStatus, ComputationTrigger, MeasureComputation, MeasureResult

__all__ = [
    "AccessRequest",
    "Appointment",
    "BatchStatus",
    "ChartType",
    "Client",
    "Code",
    "CodeList",
    "ComputationStatus",
    "ComputationTrigger",
    "CountyHoliday",
    "DataKind",
    "Direction",
    "Hospitalization",
    "ImportBatch",
    "ImportSource",
    "ImportUpload",
    "Measure",
    "MeasureComputation",
    "MeasureResult",
    "MeasureType",
    "MonthlyEligibles",
    "Service",
    "Stratum",
    "Unit",
    "UploadStatus",
]
