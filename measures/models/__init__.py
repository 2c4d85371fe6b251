from .codes import Code, CodeList
from .episodes import AccessRequest, Appointment, Client, CountyHoliday, Hospitalization, MonthlyEligibles, Service
from .imports import BatchStatus, DataKind, ImportBatch, ImportSource, ImportUpload, UploadStatus

__all__ = [
    "AccessRequest",
    "Appointment",
    "BatchStatus",
    "Client",
    "Code",
    "CodeList",
    "CountyHoliday",
    "DataKind",
    "Hospitalization",
    "ImportBatch",
    "ImportSource",
    "ImportUpload",
    "MonthlyEligibles",
    "Service",
    "UploadStatus",
]
