"""PeerWork's own date formats in Spanish (see peerwork/formats/en/formats.py): day before
month, "de" between them, 24-hour clock, as Django's own Spanish formats do. Short month names
are "b" (lowercase, as Spanish writes them), not "M" (which Django capitalizes)."""

MEDIUM_DATE_FORMAT = "j b Y"  # 1 dic 2026
LONG_DATE_FORMAT = r"j \d\e F \d\e Y"  # 1 de diciembre de 2026
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # martes, 1 de diciembre de 2026
WEEKDAY_SHORT_DATE_FORMAT = "l, j b Y"  # martes, 1 dic 2026
WEEKDAY_MONTH_DAY_FORMAT = r"l, j \d\e F"  # martes, 1 de diciembre
SHORT_MONTH_DAY_FORMAT = "j b"  # 1 dic
SHORT_MONTH_DAY_TIME_FORMAT = "j b, H:i"  # 1 dic, 14:30
CLOCK_TIME_FORMAT = "H:i"  # 14:30
MEDIUM_DATETIME_FORMAT = "j b Y, H:i"  # 1 dic 2026, 14:30
MEDIUM_DATETIME_24_FORMAT = "j b Y, H:i"  # 1 dic 2026, 14:30
MEDIUM_DATE_TIME_FORMAT = "j b Y H:i"  # 1 dic 2026 14:30
LONG_DATETIME_FORMAT = r"j \d\e F \d\e Y H:i"  # 1 de diciembre de 2026 14:30
WEEKDAY_DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"  # martes, 1 de diciembre de 2026, 14:30
