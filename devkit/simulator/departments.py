"""The simulated hospital's outpatient departments (invented rooms, realistic names).

``prefix`` starts every queue number of that department, so a ticket says at
a glance where it belongs (``NOI-012`` is the 12th internal-medicine patient).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimDepartment:
    """One department of the simulated hospital."""

    code: str
    name_vi: str
    name_en: str
    room: str
    prefix: str

    def as_json(self) -> dict:
        """The department as the API shows it."""
        return {"code": self.code, "names": {"vi": self.name_vi, "en": self.name_en}, "room": self.room}


DEPARTMENTS: tuple[SimDepartment, ...] = (
    SimDepartment("KNOI", "Khám Nội", "Internal Medicine", "P.101", "NOI"),
    SimDepartment("KNGOAI", "Khám Ngoại", "Surgery", "P.105", "NGO"),
    SimDepartment("NHI", "Nhi", "Paediatrics", "P.201", "NHI"),
    SimDepartment("SAN", "Sản", "Obstetrics", "P.210", "SAN"),
    SimDepartment("TMH", "Tai Mũi Họng", "Ear, Nose and Throat", "P.302", "TMH"),
    SimDepartment("RHM", "Răng Hàm Mặt", "Dentistry and Maxillofacial", "P.305", "RHM"),
    SimDepartment("MAT", "Mắt", "Ophthalmology", "P.310", "MAT"),
    SimDepartment("DALIEU", "Da Liễu", "Dermatology", "P.312", "DLI"),
    SimDepartment("YHCT", "Y học Cổ truyền", "Traditional Medicine", "P.401", "YHC"),
)
