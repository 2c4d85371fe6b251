from .codes import Code, CodeList
from .episodes import AccessRequest, Appointment, Client, CountyHoliday, Hospitalization, MonthlyEligibles, Service
from .imports import BatchStatus, DataKind, ImportBatch, ImportSource, ImportUpload, UploadStatus
from .registry import (
    REFERENCE_BEST,
    REFERENCE_LARGEST,
    ChartNote,
    ChartType,
    Direction,
    Measure,
    MeasureType,
    SpcRules,
    Stratum,
    Unit,
)
from .results import ComputationStatus, ComputationTrigger, MeasureComputation, MeasureDisparity, MeasureResult

__all__ = [
    "REFERENCE_BEST",
    "REFERENCE_LARGEST",
    "AccessRequest",
    "Appointment",
    "BatchStatus",
    "ChartNote",
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
    "MeasureDisparity",
    "MeasureResult",
    "MeasureType",
    "MonthlyEligibles",
    "Service",
    "SpcRules",
    "Stratum",
    "Unit",
    "UploadStatus",
]
