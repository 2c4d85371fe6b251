"""The areas California reviews county mental health plans' QI work plans on (Title 9 CCR §1810.440 and
the DHCS contract): the starting template of a new plan, in English and Spanish. The council edits the
goals a plan starts with; ``review_areas_load_defaults`` adds the areas that are missing and leaves the
ones already in the database as they are."""

REVIEW_AREAS = [
    {
        "code": "access-timeliness",
        "name": "Access and timeliness of services",
        "name_es": "Acceso y puntualidad de los servicios",
        "description": "Time from request to first offered and first kept appointment, against the state's "
        "timeliness standards, for routine, psychiatry and urgent requests.",
        "description_es": "Tiempo desde la solicitud hasta la primera cita ofrecida y la primera cita cumplida, "
        "frente a los estándares de puntualidad del estado, para solicitudes de rutina, de psiquiatría y urgentes.",
    },
    {
        "code": "access-line",
        "name": "24/7 access line (test calls)",
        "name_es": "Línea de acceso 24/7 (llamadas de prueba)",
        "description": "Test calls to the toll-free line, day and night and in the threshold languages: "
        "answered, information given on how to get services, and logged.",
        "description_es": "Llamadas de prueba a la línea gratuita, de día y de noche y en los idiomas "
        "principales: atendidas, con información sobre cómo obtener servicios, y registradas.",
    },
    {
        "code": "beneficiary-satisfaction",
        "name": "Beneficiary satisfaction (consumer perception survey)",
        "name_es": "Satisfacción de los beneficiarios (encuesta de percepción del consumidor)",
        "description": "Results of the state's consumer perception survey, and what the county does about them.",
        "description_es": "Resultados de la encuesta estatal de percepción del consumidor, y lo que el condado "
        "hace al respecto.",
    },
    {
        "code": "grievances-appeals",
        "name": "Grievances, appeals and changes of provider",
        "name_es": "Quejas, apelaciones y cambios de proveedor",
        "description": "How many, about what, resolved within the required time frames, and requests to "
        "change provider with their reasons.",
        "description_es": "Cuántas, sobre qué, resueltas dentro de los plazos requeridos, y las solicitudes "
        "de cambio de proveedor con sus motivos.",
    },
    {
        "code": "cultural-linguistic",
        "name": "Cultural and linguistic competence",
        "name_es": "Competencia cultural y lingüística",
        "description": "Services in the threshold languages, interpreters, staff training and the cultural "
        "competence plan; gaps between groups.",
        "description_es": "Servicios en los idiomas principales, intérpretes, capacitación del personal y el "
        "plan de competencia cultural; diferencias entre grupos.",
    },
    {
        "code": "pip-clinical",
        "name": "Performance improvement project: clinical",
        "name_es": "Proyecto de mejora del desempeño: clínico",
        "description": "One clinical performance improvement project each year, with its study question, "
        "measures and interventions.",
        "description_es": "Un proyecto clínico de mejora del desempeño cada año, con su pregunta de estudio, "
        "sus medidas y sus intervenciones.",
    },
    {
        "code": "pip-non-clinical",
        "name": "Performance improvement project: non-clinical",
        "name_es": "Proyecto de mejora del desempeño: no clínico",
        "description": "One non-clinical performance improvement project each year, for example about access "
        "or administrative processes.",
        "description_es": "Un proyecto no clínico de mejora del desempeño cada año, por ejemplo sobre el acceso "
        "o los procesos administrativos.",
    },
    {
        "code": "medication-practices",
        "name": "Medication practices",
        "name_es": "Prácticas de medicación",
        "description": "Monitoring of prescribing and medication practices, for example through peer review of charts.",
        "description_es": "Supervisión de las prácticas de prescripción y medicación, por ejemplo mediante la "
        "revisión de expedientes por pares.",
    },
    {
        "code": "physical-health-coordination",
        "name": "Coordination with physical health care",
        "name_es": "Coordinación con la atención de salud física",
        "description": "Coordination with primary care and the managed care plans: referrals, shared care "
        "and follow-up after hospital stays.",
        "description_es": "Coordinación con la atención primaria y los planes de atención administrada: "
        "referencias, atención compartida y seguimiento después de hospitalizaciones.",
    },
]
