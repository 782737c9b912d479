"""The three security-area catalogues the seeds give (DOMAIN.md): code, Swedish, English."""

AREA_PRESETS: dict[str, list[tuple[str, str, str]]] = {
    # Region Halland, seeds 000 and 004.
    "halland": [
        ("brandskydd", "Brandskydd", "Fire protection"),
        ("fysisk-sakerhet", "Fysisk säkerhet", "Physical security"),
        ("hot-och-vald", "Hot och våld", "Threats and violence"),
        ("sakerhetsskydd", "Säkerhetsskydd", "Protective security"),
        ("informationssakerhet", "Informationssäkerhet", "Information security"),
        ("civilt-forsvar", "Civilt försvar", "Civil defence"),
        ("krisberedskap", "Krisberedskap", "Crisis preparedness"),
    ],
    # Region Skåne, seed 001.
    "skane": [
        ("brandsakerhet", "Brandsäkerhet", "Fire safety"),
        ("skalskydd", "Skalskydd", "Perimeter protection"),
        ("tilltradesskydd", "Tillträdesskydd", "Access control"),
        ("hot-och-vald", "Hot och våld", "Threats and violence"),
        ("informationssakerhet", "Informationssäkerhet", "Information security"),
        ("it-sakerhet", "IT-säkerhet", "IT security"),
        ("driftsakerhet", "Driftsäkerhet", "Operational reliability"),
        ("ekonomisk-sakerhet", "Ekonomisk säkerhet", "Financial security"),
        ("transportsakerhet", "Transportsäkerhet", "Transport safety"),
        ("yttre-miljosakerhet", "Yttre miljösäkerhet", "External environmental safety"),
    ],
    # The fourteen areas of the annual security report, seed 003.
    "fourteen": [
        ("arbetsmiljo", "Arbetsmiljö", "Work environment"),
        ("brandsakerhet", "Brandsäkerhet", "Fire safety"),
        ("driftsakerhet", "Driftsäkerhet", "Operational reliability"),
        ("informationssakerhet", "Informationssäkerhet", "Information security"),
        ("it-sakerhet", "IT-säkerhet", "IT security"),
        ("kriminalitet", "Kriminalitet och brottsförebyggande", "Crime and crime prevention"),
        ("krisberedskap", "Krisberedskap", "Crisis preparedness"),
        ("lakemedel", "Läkemedel", "Medicines"),
        (
            "miljo-farligt-gods",
            "Miljösäkerhet/transport av farligt gods",
            "Environmental safety/transport of dangerous goods",
        ),
        ("mt-sakerhet", "MT-säkerhet", "Medical device safety"),
        ("patientsakerhet", "Patientsäkerhet", "Patient safety"),
        ("smittskydd", "Smittskydd", "Infection control"),
        ("stralsakerhet", "Strålsäkerhet", "Radiation safety"),
        ("vardhygien", "Vårdhygien", "Healthcare hygiene"),
    ],
}
