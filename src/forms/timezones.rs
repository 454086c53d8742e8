//! IANA time zone → Windows time-zone id, for the Outlook.com form's `ddlTimezones` select,
//! whose option values are Windows ids (research/microsoft.md §1.3).
//!
//! The data is CLDR's `common/supplemental/windowsZones.xml` (the `mapZone` rows, territory
//! `ZZ` left out) and, for the IANA names a browser may report that CLDR spells differently
//! (`Asia/Kolkata` vs `Asia/Calcutta`), the alias groups of CLDR's `common/bcp47/timezone.xml`.
//! Transcribed from the npm package windows-iana 5.1.0 (MIT), which carries both tables.
//! Unicode license: https://www.unicode.org/license.txt

/// One row per line: `windows id;territory;IANA ids separated by spaces`; territory `001` is
/// the zone's representative ("golden") IANA zone. One string rather than a slice of tuples:
/// the wasm then carries no pointer per cell (about 11 KB).
pub const WINDOWS_ZONES: &str = "\
Dateline Standard Time;001;Etc/GMT+12
UTC-11;001;Etc/GMT+11
UTC-11;AS;Pacific/Pago_Pago
UTC-11;NU;Pacific/Niue
UTC-11;UM;Pacific/Midway
Aleutian Standard Time;001;America/Adak
Aleutian Standard Time;US;America/Adak
Hawaiian Standard Time;001;Pacific/Honolulu
Hawaiian Standard Time;CK;Pacific/Rarotonga
Hawaiian Standard Time;PF;Pacific/Tahiti
Hawaiian Standard Time;UM;Pacific/Johnston
Hawaiian Standard Time;US;Pacific/Honolulu
Marquesas Standard Time;001;Pacific/Marquesas
Marquesas Standard Time;PF;Pacific/Marquesas
Alaskan Standard Time;001;America/Anchorage
Alaskan Standard Time;US;America/Anchorage America/Juneau America/Metlakatla America/Nome America/Sitka America/Yakutat
UTC-09;001;Etc/GMT+9
UTC-09;PF;Pacific/Gambier
Pacific Standard Time (Mexico);001;America/Tijuana
Pacific Standard Time (Mexico);MX;America/Tijuana America/Santa_Isabel
UTC-08;001;Etc/GMT+8
UTC-08;PN;Pacific/Pitcairn
Pacific Standard Time;001;America/Los_Angeles
Pacific Standard Time;CA;America/Vancouver
Pacific Standard Time;US;America/Los_Angeles
US Mountain Standard Time;001;America/Phoenix
US Mountain Standard Time;CA;America/Creston America/Dawson_Creek America/Fort_Nelson
US Mountain Standard Time;MX;America/Hermosillo
US Mountain Standard Time;US;America/Phoenix
Mountain Standard Time (Mexico);001;America/Chihuahua
Mountain Standard Time (Mexico);MX;America/Chihuahua America/Mazatlan
Mountain Standard Time;001;America/Denver
Mountain Standard Time;CA;America/Edmonton America/Cambridge_Bay America/Inuvik America/Yellowknife
Mountain Standard Time;MX;America/Ojinaga
Mountain Standard Time;US;America/Denver America/Boise
Yukon Standard Time;001;America/Whitehorse
Yukon Standard Time;CA;America/Whitehorse America/Dawson
Central America Standard Time;001;America/Guatemala
Central America Standard Time;BZ;America/Belize
Central America Standard Time;CR;America/Costa_Rica
Central America Standard Time;EC;Pacific/Galapagos
Central America Standard Time;GT;America/Guatemala
Central America Standard Time;HN;America/Tegucigalpa
Central America Standard Time;NI;America/Managua
Central America Standard Time;SV;America/El_Salvador
Central Standard Time;001;America/Chicago
Central Standard Time;CA;America/Winnipeg America/Rainy_River America/Rankin_Inlet America/Resolute
Central Standard Time;MX;America/Matamoros
Central Standard Time;US;America/Chicago America/Indiana/Knox America/Indiana/Tell_City America/Menominee America/North_Dakota/Beulah America/North_Dakota/Center America/North_Dakota/New_Salem
Easter Island Standard Time;001;Pacific/Easter
Easter Island Standard Time;CL;Pacific/Easter
Central Standard Time (Mexico);001;America/Mexico_City
Central Standard Time (Mexico);MX;America/Mexico_City America/Bahia_Banderas America/Merida America/Monterrey
Canada Central Standard Time;001;America/Regina
Canada Central Standard Time;CA;America/Regina America/Swift_Current
SA Pacific Standard Time;001;America/Bogota
SA Pacific Standard Time;BR;America/Rio_Branco America/Eirunepe
SA Pacific Standard Time;CA;America/Coral_Harbour
SA Pacific Standard Time;CO;America/Bogota
SA Pacific Standard Time;EC;America/Guayaquil
SA Pacific Standard Time;JM;America/Jamaica
SA Pacific Standard Time;KY;America/Cayman
SA Pacific Standard Time;PA;America/Panama
SA Pacific Standard Time;PE;America/Lima
Eastern Standard Time (Mexico);001;America/Cancun
Eastern Standard Time (Mexico);MX;America/Cancun
Eastern Standard Time;001;America/New_York
Eastern Standard Time;BS;America/Nassau
Eastern Standard Time;CA;America/Toronto America/Iqaluit America/Montreal America/Nipigon America/Pangnirtung America/Thunder_Bay
Eastern Standard Time;US;America/New_York America/Detroit America/Indiana/Petersburg America/Indiana/Vincennes America/Indiana/Winamac America/Kentucky/Monticello America/Louisville
Haiti Standard Time;001;America/Port-au-Prince
Haiti Standard Time;HT;America/Port-au-Prince
Cuba Standard Time;001;America/Havana
Cuba Standard Time;CU;America/Havana
US Eastern Standard Time;001;America/Indianapolis
US Eastern Standard Time;US;America/Indianapolis America/Indiana/Marengo America/Indiana/Vevay
Turks And Caicos Standard Time;001;America/Grand_Turk
Turks And Caicos Standard Time;TC;America/Grand_Turk
Paraguay Standard Time;001;America/Asuncion
Paraguay Standard Time;PY;America/Asuncion
Atlantic Standard Time;001;America/Halifax
Atlantic Standard Time;BM;Atlantic/Bermuda
Atlantic Standard Time;CA;America/Halifax America/Glace_Bay America/Goose_Bay America/Moncton
Atlantic Standard Time;GL;America/Thule
Venezuela Standard Time;001;America/Caracas
Venezuela Standard Time;VE;America/Caracas
Central Brazilian Standard Time;001;America/Cuiaba
Central Brazilian Standard Time;BR;America/Cuiaba America/Campo_Grande
SA Western Standard Time;001;America/La_Paz
SA Western Standard Time;AG;America/Antigua
SA Western Standard Time;AI;America/Anguilla
SA Western Standard Time;AW;America/Aruba
SA Western Standard Time;BB;America/Barbados
SA Western Standard Time;BL;America/St_Barthelemy
SA Western Standard Time;BO;America/La_Paz
SA Western Standard Time;BQ;America/Kralendijk
SA Western Standard Time;BR;America/Manaus America/Boa_Vista America/Porto_Velho
SA Western Standard Time;CA;America/Blanc-Sablon
SA Western Standard Time;CW;America/Curacao
SA Western Standard Time;DM;America/Dominica
SA Western Standard Time;DO;America/Santo_Domingo
SA Western Standard Time;GD;America/Grenada
SA Western Standard Time;GP;America/Guadeloupe
SA Western Standard Time;GY;America/Guyana
SA Western Standard Time;KN;America/St_Kitts
SA Western Standard Time;LC;America/St_Lucia
SA Western Standard Time;MF;America/Marigot
SA Western Standard Time;MQ;America/Martinique
SA Western Standard Time;MS;America/Montserrat
SA Western Standard Time;PR;America/Puerto_Rico
SA Western Standard Time;SX;America/Lower_Princes
SA Western Standard Time;TT;America/Port_of_Spain
SA Western Standard Time;VC;America/St_Vincent
SA Western Standard Time;VG;America/Tortola
SA Western Standard Time;VI;America/St_Thomas
Pacific SA Standard Time;001;America/Santiago
Pacific SA Standard Time;CL;America/Santiago
Newfoundland Standard Time;001;America/St_Johns
Newfoundland Standard Time;CA;America/St_Johns
Tocantins Standard Time;001;America/Araguaina
Tocantins Standard Time;BR;America/Araguaina
E. South America Standard Time;001;America/Sao_Paulo
E. South America Standard Time;BR;America/Sao_Paulo
SA Eastern Standard Time;001;America/Cayenne
SA Eastern Standard Time;AQ;Antarctica/Rothera Antarctica/Palmer
SA Eastern Standard Time;BR;America/Fortaleza America/Belem America/Maceio America/Recife America/Santarem
SA Eastern Standard Time;FK;Atlantic/Stanley
SA Eastern Standard Time;GF;America/Cayenne
SA Eastern Standard Time;SR;America/Paramaribo
Argentina Standard Time;001;America/Buenos_Aires
Argentina Standard Time;AR;America/Buenos_Aires America/Argentina/La_Rioja America/Argentina/Rio_Gallegos America/Argentina/Salta America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman America/Argentina/Ushuaia America/Catamarca America/Cordoba America/Jujuy America/Mendoza
Greenland Standard Time;001;America/Godthab
Greenland Standard Time;GL;America/Godthab
Montevideo Standard Time;001;America/Montevideo
Montevideo Standard Time;UY;America/Montevideo
Magallanes Standard Time;001;America/Punta_Arenas
Magallanes Standard Time;CL;America/Punta_Arenas
Saint Pierre Standard Time;001;America/Miquelon
Saint Pierre Standard Time;PM;America/Miquelon
Bahia Standard Time;001;America/Bahia
Bahia Standard Time;BR;America/Bahia
UTC-02;001;Etc/GMT+2
UTC-02;BR;America/Noronha
UTC-02;GS;Atlantic/South_Georgia
Azores Standard Time;001;Atlantic/Azores
Azores Standard Time;GL;America/Scoresbysund
Azores Standard Time;PT;Atlantic/Azores
Cape Verde Standard Time;001;Atlantic/Cape_Verde
Cape Verde Standard Time;CV;Atlantic/Cape_Verde
UTC;001;Etc/UTC
GMT Standard Time;001;Europe/London
GMT Standard Time;ES;Atlantic/Canary
GMT Standard Time;FO;Atlantic/Faeroe
GMT Standard Time;GB;Europe/London
GMT Standard Time;GG;Europe/Guernsey
GMT Standard Time;IE;Europe/Dublin
GMT Standard Time;IM;Europe/Isle_of_Man
GMT Standard Time;JE;Europe/Jersey
GMT Standard Time;PT;Europe/Lisbon Atlantic/Madeira
Greenwich Standard Time;001;Atlantic/Reykjavik
Greenwich Standard Time;BF;Africa/Ouagadougou
Greenwich Standard Time;CI;Africa/Abidjan
Greenwich Standard Time;GH;Africa/Accra
Greenwich Standard Time;GL;America/Danmarkshavn
Greenwich Standard Time;GM;Africa/Banjul
Greenwich Standard Time;GN;Africa/Conakry
Greenwich Standard Time;GW;Africa/Bissau
Greenwich Standard Time;IS;Atlantic/Reykjavik
Greenwich Standard Time;LR;Africa/Monrovia
Greenwich Standard Time;ML;Africa/Bamako
Greenwich Standard Time;MR;Africa/Nouakchott
Greenwich Standard Time;SH;Atlantic/St_Helena
Greenwich Standard Time;SL;Africa/Freetown
Greenwich Standard Time;SN;Africa/Dakar
Greenwich Standard Time;TG;Africa/Lome
Sao Tome Standard Time;001;Africa/Sao_Tome
Sao Tome Standard Time;ST;Africa/Sao_Tome
Morocco Standard Time;001;Africa/Casablanca
Morocco Standard Time;EH;Africa/El_Aaiun
Morocco Standard Time;MA;Africa/Casablanca
W. Europe Standard Time;001;Europe/Berlin
W. Europe Standard Time;AD;Europe/Andorra
W. Europe Standard Time;AT;Europe/Vienna
W. Europe Standard Time;CH;Europe/Zurich
W. Europe Standard Time;DE;Europe/Berlin Europe/Busingen
W. Europe Standard Time;GI;Europe/Gibraltar
W. Europe Standard Time;IT;Europe/Rome
W. Europe Standard Time;LI;Europe/Vaduz
W. Europe Standard Time;LU;Europe/Luxembourg
W. Europe Standard Time;MC;Europe/Monaco
W. Europe Standard Time;MT;Europe/Malta
W. Europe Standard Time;NL;Europe/Amsterdam
W. Europe Standard Time;NO;Europe/Oslo
W. Europe Standard Time;SE;Europe/Stockholm
W. Europe Standard Time;SJ;Arctic/Longyearbyen
W. Europe Standard Time;SM;Europe/San_Marino
W. Europe Standard Time;VA;Europe/Vatican
Central Europe Standard Time;001;Europe/Budapest
Central Europe Standard Time;AL;Europe/Tirane
Central Europe Standard Time;CZ;Europe/Prague
Central Europe Standard Time;HU;Europe/Budapest
Central Europe Standard Time;ME;Europe/Podgorica
Central Europe Standard Time;RS;Europe/Belgrade
Central Europe Standard Time;SI;Europe/Ljubljana
Central Europe Standard Time;SK;Europe/Bratislava
Romance Standard Time;001;Europe/Paris
Romance Standard Time;BE;Europe/Brussels
Romance Standard Time;DK;Europe/Copenhagen
Romance Standard Time;ES;Europe/Madrid Africa/Ceuta
Romance Standard Time;FR;Europe/Paris
Central European Standard Time;001;Europe/Warsaw
Central European Standard Time;BA;Europe/Sarajevo
Central European Standard Time;HR;Europe/Zagreb
Central European Standard Time;MK;Europe/Skopje
Central European Standard Time;PL;Europe/Warsaw
W. Central Africa Standard Time;001;Africa/Lagos
W. Central Africa Standard Time;AO;Africa/Luanda
W. Central Africa Standard Time;BJ;Africa/Porto-Novo
W. Central Africa Standard Time;CD;Africa/Kinshasa
W. Central Africa Standard Time;CF;Africa/Bangui
W. Central Africa Standard Time;CG;Africa/Brazzaville
W. Central Africa Standard Time;CM;Africa/Douala
W. Central Africa Standard Time;DZ;Africa/Algiers
W. Central Africa Standard Time;GA;Africa/Libreville
W. Central Africa Standard Time;GQ;Africa/Malabo
W. Central Africa Standard Time;NE;Africa/Niamey
W. Central Africa Standard Time;NG;Africa/Lagos
W. Central Africa Standard Time;TD;Africa/Ndjamena
W. Central Africa Standard Time;TN;Africa/Tunis
Jordan Standard Time;001;Asia/Amman
Jordan Standard Time;JO;Asia/Amman
GTB Standard Time;001;Europe/Bucharest
GTB Standard Time;CY;Asia/Nicosia Asia/Famagusta
GTB Standard Time;GR;Europe/Athens
GTB Standard Time;RO;Europe/Bucharest
Middle East Standard Time;001;Asia/Beirut
Middle East Standard Time;LB;Asia/Beirut
Egypt Standard Time;001;Africa/Cairo
Egypt Standard Time;EG;Africa/Cairo
E. Europe Standard Time;001;Europe/Chisinau
E. Europe Standard Time;MD;Europe/Chisinau
Syria Standard Time;001;Asia/Damascus
Syria Standard Time;SY;Asia/Damascus
West Bank Standard Time;001;Asia/Hebron
West Bank Standard Time;PS;Asia/Hebron Asia/Gaza
South Africa Standard Time;001;Africa/Johannesburg
South Africa Standard Time;BI;Africa/Bujumbura
South Africa Standard Time;BW;Africa/Gaborone
South Africa Standard Time;CD;Africa/Lubumbashi
South Africa Standard Time;LS;Africa/Maseru
South Africa Standard Time;MW;Africa/Blantyre
South Africa Standard Time;MZ;Africa/Maputo
South Africa Standard Time;RW;Africa/Kigali
South Africa Standard Time;SZ;Africa/Mbabane
South Africa Standard Time;ZA;Africa/Johannesburg
South Africa Standard Time;ZM;Africa/Lusaka
South Africa Standard Time;ZW;Africa/Harare
FLE Standard Time;001;Europe/Kiev
FLE Standard Time;AX;Europe/Mariehamn
FLE Standard Time;BG;Europe/Sofia
FLE Standard Time;EE;Europe/Tallinn
FLE Standard Time;FI;Europe/Helsinki
FLE Standard Time;LT;Europe/Vilnius
FLE Standard Time;LV;Europe/Riga
FLE Standard Time;UA;Europe/Kiev Europe/Uzhgorod Europe/Zaporozhye
Israel Standard Time;001;Asia/Jerusalem
Israel Standard Time;IL;Asia/Jerusalem
South Sudan Standard Time;001;Africa/Juba
South Sudan Standard Time;SS;Africa/Juba
Kaliningrad Standard Time;001;Europe/Kaliningrad
Kaliningrad Standard Time;RU;Europe/Kaliningrad
Sudan Standard Time;001;Africa/Khartoum
Sudan Standard Time;SD;Africa/Khartoum
Libya Standard Time;001;Africa/Tripoli
Libya Standard Time;LY;Africa/Tripoli
Namibia Standard Time;001;Africa/Windhoek
Namibia Standard Time;NA;Africa/Windhoek
Arabic Standard Time;001;Asia/Baghdad
Arabic Standard Time;IQ;Asia/Baghdad
Turkey Standard Time;001;Europe/Istanbul
Turkey Standard Time;TR;Europe/Istanbul
Arab Standard Time;001;Asia/Riyadh
Arab Standard Time;BH;Asia/Bahrain
Arab Standard Time;KW;Asia/Kuwait
Arab Standard Time;QA;Asia/Qatar
Arab Standard Time;SA;Asia/Riyadh
Arab Standard Time;YE;Asia/Aden
Belarus Standard Time;001;Europe/Minsk
Belarus Standard Time;BY;Europe/Minsk
Russian Standard Time;001;Europe/Moscow
Russian Standard Time;RU;Europe/Moscow Europe/Kirov
Russian Standard Time;UA;Europe/Simferopol
E. Africa Standard Time;001;Africa/Nairobi
E. Africa Standard Time;AQ;Antarctica/Syowa
E. Africa Standard Time;DJ;Africa/Djibouti
E. Africa Standard Time;ER;Africa/Asmera
E. Africa Standard Time;ET;Africa/Addis_Ababa
E. Africa Standard Time;KE;Africa/Nairobi
E. Africa Standard Time;KM;Indian/Comoro
E. Africa Standard Time;MG;Indian/Antananarivo
E. Africa Standard Time;SO;Africa/Mogadishu
E. Africa Standard Time;TZ;Africa/Dar_es_Salaam
E. Africa Standard Time;UG;Africa/Kampala
E. Africa Standard Time;YT;Indian/Mayotte
Iran Standard Time;001;Asia/Tehran
Iran Standard Time;IR;Asia/Tehran
Arabian Standard Time;001;Asia/Dubai
Arabian Standard Time;AE;Asia/Dubai
Arabian Standard Time;OM;Asia/Muscat
Astrakhan Standard Time;001;Europe/Astrakhan
Astrakhan Standard Time;RU;Europe/Astrakhan Europe/Ulyanovsk
Azerbaijan Standard Time;001;Asia/Baku
Azerbaijan Standard Time;AZ;Asia/Baku
Russia Time Zone 3;001;Europe/Samara
Russia Time Zone 3;RU;Europe/Samara
Mauritius Standard Time;001;Indian/Mauritius
Mauritius Standard Time;MU;Indian/Mauritius
Mauritius Standard Time;RE;Indian/Reunion
Mauritius Standard Time;SC;Indian/Mahe
Saratov Standard Time;001;Europe/Saratov
Saratov Standard Time;RU;Europe/Saratov
Georgian Standard Time;001;Asia/Tbilisi
Georgian Standard Time;GE;Asia/Tbilisi
Volgograd Standard Time;001;Europe/Volgograd
Volgograd Standard Time;RU;Europe/Volgograd
Caucasus Standard Time;001;Asia/Yerevan
Caucasus Standard Time;AM;Asia/Yerevan
Afghanistan Standard Time;001;Asia/Kabul
Afghanistan Standard Time;AF;Asia/Kabul
West Asia Standard Time;001;Asia/Tashkent
West Asia Standard Time;AQ;Antarctica/Mawson
West Asia Standard Time;KZ;Asia/Oral Asia/Aqtau Asia/Aqtobe Asia/Atyrau
West Asia Standard Time;MV;Indian/Maldives
West Asia Standard Time;TF;Indian/Kerguelen
West Asia Standard Time;TJ;Asia/Dushanbe
West Asia Standard Time;TM;Asia/Ashgabat
West Asia Standard Time;UZ;Asia/Tashkent Asia/Samarkand
Ekaterinburg Standard Time;001;Asia/Yekaterinburg
Ekaterinburg Standard Time;RU;Asia/Yekaterinburg
Pakistan Standard Time;001;Asia/Karachi
Pakistan Standard Time;PK;Asia/Karachi
Qyzylorda Standard Time;001;Asia/Qyzylorda
Qyzylorda Standard Time;KZ;Asia/Qyzylorda
India Standard Time;001;Asia/Calcutta
India Standard Time;IN;Asia/Calcutta
Sri Lanka Standard Time;001;Asia/Colombo
Sri Lanka Standard Time;LK;Asia/Colombo
Nepal Standard Time;001;Asia/Katmandu
Nepal Standard Time;NP;Asia/Katmandu
Central Asia Standard Time;001;Asia/Almaty
Central Asia Standard Time;AQ;Antarctica/Vostok
Central Asia Standard Time;CN;Asia/Urumqi
Central Asia Standard Time;IO;Indian/Chagos
Central Asia Standard Time;KG;Asia/Bishkek
Central Asia Standard Time;KZ;Asia/Almaty Asia/Qostanay
Bangladesh Standard Time;001;Asia/Dhaka
Bangladesh Standard Time;BD;Asia/Dhaka
Bangladesh Standard Time;BT;Asia/Thimphu
Omsk Standard Time;001;Asia/Omsk
Omsk Standard Time;RU;Asia/Omsk
Myanmar Standard Time;001;Asia/Rangoon
Myanmar Standard Time;CC;Indian/Cocos
Myanmar Standard Time;MM;Asia/Rangoon
SE Asia Standard Time;001;Asia/Bangkok
SE Asia Standard Time;AQ;Antarctica/Davis
SE Asia Standard Time;CX;Indian/Christmas
SE Asia Standard Time;ID;Asia/Jakarta Asia/Pontianak
SE Asia Standard Time;KH;Asia/Phnom_Penh
SE Asia Standard Time;LA;Asia/Vientiane
SE Asia Standard Time;TH;Asia/Bangkok
SE Asia Standard Time;VN;Asia/Saigon
Altai Standard Time;001;Asia/Barnaul
Altai Standard Time;RU;Asia/Barnaul
W. Mongolia Standard Time;001;Asia/Hovd
W. Mongolia Standard Time;MN;Asia/Hovd
North Asia Standard Time;001;Asia/Krasnoyarsk
North Asia Standard Time;RU;Asia/Krasnoyarsk Asia/Novokuznetsk
N. Central Asia Standard Time;001;Asia/Novosibirsk
N. Central Asia Standard Time;RU;Asia/Novosibirsk
Tomsk Standard Time;001;Asia/Tomsk
Tomsk Standard Time;RU;Asia/Tomsk
China Standard Time;001;Asia/Shanghai
China Standard Time;CN;Asia/Shanghai
China Standard Time;HK;Asia/Hong_Kong
China Standard Time;MO;Asia/Macau
North Asia East Standard Time;001;Asia/Irkutsk
North Asia East Standard Time;RU;Asia/Irkutsk
Singapore Standard Time;001;Asia/Singapore
Singapore Standard Time;BN;Asia/Brunei
Singapore Standard Time;ID;Asia/Makassar
Singapore Standard Time;MY;Asia/Kuala_Lumpur Asia/Kuching
Singapore Standard Time;PH;Asia/Manila
Singapore Standard Time;SG;Asia/Singapore
W. Australia Standard Time;001;Australia/Perth
W. Australia Standard Time;AU;Australia/Perth
Taipei Standard Time;001;Asia/Taipei
Taipei Standard Time;TW;Asia/Taipei
Ulaanbaatar Standard Time;001;Asia/Ulaanbaatar
Ulaanbaatar Standard Time;MN;Asia/Ulaanbaatar Asia/Choibalsan
Aus Central W. Standard Time;001;Australia/Eucla
Aus Central W. Standard Time;AU;Australia/Eucla
Transbaikal Standard Time;001;Asia/Chita
Transbaikal Standard Time;RU;Asia/Chita
Tokyo Standard Time;001;Asia/Tokyo
Tokyo Standard Time;ID;Asia/Jayapura
Tokyo Standard Time;JP;Asia/Tokyo
Tokyo Standard Time;PW;Pacific/Palau
Tokyo Standard Time;TL;Asia/Dili
North Korea Standard Time;001;Asia/Pyongyang
North Korea Standard Time;KP;Asia/Pyongyang
Korea Standard Time;001;Asia/Seoul
Korea Standard Time;KR;Asia/Seoul
Yakutsk Standard Time;001;Asia/Yakutsk
Yakutsk Standard Time;RU;Asia/Yakutsk Asia/Khandyga
Cen. Australia Standard Time;001;Australia/Adelaide
Cen. Australia Standard Time;AU;Australia/Adelaide Australia/Broken_Hill
AUS Central Standard Time;001;Australia/Darwin
AUS Central Standard Time;AU;Australia/Darwin
E. Australia Standard Time;001;Australia/Brisbane
E. Australia Standard Time;AU;Australia/Brisbane Australia/Lindeman
AUS Eastern Standard Time;001;Australia/Sydney
AUS Eastern Standard Time;AU;Australia/Sydney Australia/Melbourne
West Pacific Standard Time;001;Pacific/Port_Moresby
West Pacific Standard Time;AQ;Antarctica/DumontDUrville
West Pacific Standard Time;FM;Pacific/Truk
West Pacific Standard Time;GU;Pacific/Guam
West Pacific Standard Time;MP;Pacific/Saipan
West Pacific Standard Time;PG;Pacific/Port_Moresby
Tasmania Standard Time;001;Australia/Hobart
Tasmania Standard Time;AU;Australia/Hobart Australia/Currie Antarctica/Macquarie
Vladivostok Standard Time;001;Asia/Vladivostok
Vladivostok Standard Time;RU;Asia/Vladivostok Asia/Ust-Nera
Lord Howe Standard Time;001;Australia/Lord_Howe
Lord Howe Standard Time;AU;Australia/Lord_Howe
Bougainville Standard Time;001;Pacific/Bougainville
Bougainville Standard Time;PG;Pacific/Bougainville
Russia Time Zone 10;001;Asia/Srednekolymsk
Russia Time Zone 10;RU;Asia/Srednekolymsk
Magadan Standard Time;001;Asia/Magadan
Magadan Standard Time;RU;Asia/Magadan
Norfolk Standard Time;001;Pacific/Norfolk
Norfolk Standard Time;NF;Pacific/Norfolk
Sakhalin Standard Time;001;Asia/Sakhalin
Sakhalin Standard Time;RU;Asia/Sakhalin
Central Pacific Standard Time;001;Pacific/Guadalcanal
Central Pacific Standard Time;AQ;Antarctica/Casey
Central Pacific Standard Time;FM;Pacific/Ponape Pacific/Kosrae
Central Pacific Standard Time;NC;Pacific/Noumea
Central Pacific Standard Time;SB;Pacific/Guadalcanal
Central Pacific Standard Time;VU;Pacific/Efate
Russia Time Zone 11;001;Asia/Kamchatka
Russia Time Zone 11;RU;Asia/Kamchatka Asia/Anadyr
New Zealand Standard Time;001;Pacific/Auckland
New Zealand Standard Time;AQ;Antarctica/McMurdo
New Zealand Standard Time;NZ;Pacific/Auckland
UTC+12;001;Etc/GMT-12
UTC+12;KI;Pacific/Tarawa
UTC+12;MH;Pacific/Majuro Pacific/Kwajalein
UTC+12;NR;Pacific/Nauru
UTC+12;TV;Pacific/Funafuti
UTC+12;UM;Pacific/Wake
UTC+12;WF;Pacific/Wallis
Fiji Standard Time;001;Pacific/Fiji
Fiji Standard Time;FJ;Pacific/Fiji
Chatham Islands Standard Time;001;Pacific/Chatham
Chatham Islands Standard Time;NZ;Pacific/Chatham
UTC+13;001;Etc/GMT-13
UTC+13;KI;Pacific/Enderbury
UTC+13;TK;Pacific/Fakaofo
Tonga Standard Time;001;Pacific/Tongatapu
Tonga Standard Time;TO;Pacific/Tongatapu
Samoa Standard Time;001;Pacific/Apia
Samoa Standard Time;WS;Pacific/Apia
Line Islands Standard Time;001;Pacific/Kiritimati
Line Islands Standard Time;KI;Pacific/Kiritimati
";

/// The rows of [`WINDOWS_ZONES`] as `(windows id, territory, IANA ids)`.
fn rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    WINDOWS_ZONES.lines().filter_map(|row| {
        let mut cells = row.splitn(3, ';');
        Some((cells.next()?, cells.next()?, cells.next()?))
    })
}

/// IANA names that mean the same zone (CLDR bcp47 aliases), one group per row.
pub const IANA_ALIASES: &[&str] = &[
    "America/Buenos_Aires America/Argentina/Buenos_Aires",
    "America/Cordoba America/Argentina/Cordoba America/Rosario",
    "America/Catamarca America/Argentina/Catamarca America/Argentina/ComodRivadavia",
    "America/Jujuy America/Argentina/Jujuy",
    "America/Mendoza America/Argentina/Mendoza",
    "Pacific/Pago_Pago Pacific/Samoa US/Samoa",
    "Australia/Adelaide Australia/South",
    "Australia/Broken_Hill Australia/Yancowinna",
    "Australia/Brisbane Australia/Queensland",
    "Australia/Darwin Australia/North",
    "Australia/Hobart Australia/Tasmania",
    "Australia/Lord_Howe Australia/LHI",
    "Australia/Melbourne Australia/Victoria",
    "Australia/Perth Australia/West",
    "Australia/Sydney Australia/ACT Australia/Canberra Australia/NSW",
    "Asia/Dhaka Asia/Dacca",
    "America/Noronha Brazil/DeNoronha",
    "America/Manaus Brazil/West",
    "America/Rio_Branco America/Porto_Acre Brazil/Acre",
    "America/Sao_Paulo Brazil/East",
    "Asia/Thimphu Asia/Thimbu",
    "America/Edmonton Canada/Mountain",
    "America/Halifax Canada/Atlantic",
    "America/Regina Canada/East-Saskatchewan Canada/Saskatchewan",
    "America/St_Johns Canada/Newfoundland",
    "America/Toronto Canada/Eastern",
    "America/Vancouver Canada/Pacific",
    "America/Winnipeg Canada/Central",
    "America/Whitehorse Canada/Yukon",
    "America/Coral_Harbour America/Atikokan",
    "Pacific/Easter Chile/EasterIsland",
    "America/Santiago Chile/Continental",
    "Asia/Shanghai Asia/Chongqing Asia/Chungking Asia/Harbin PRC",
    "Asia/Urumqi Asia/Kashgar",
    "America/Havana Cuba",
    "Asia/Nicosia Europe/Nicosia",
    "Africa/Cairo Egypt",
    "Africa/Asmera Africa/Asmara",
    "Pacific/Ponape Pacific/Pohnpei",
    "Pacific/Truk Pacific/Chuuk Pacific/Yap",
    "Atlantic/Faeroe Atlantic/Faroe",
    "Europe/London Europe/Belfast GB GB-Eire",
    "America/Godthab America/Nuuk",
    "Etc/GMT Etc/GMT+0 Etc/GMT-0 Etc/GMT0 Etc/Greenwich GMT GMT+0 GMT-0 GMT0 Greenwich",
    "Asia/Hong_Kong Hongkong",
    "Asia/Makassar Asia/Ujung_Pandang",
    "Europe/Dublin Eire",
    "Asia/Calcutta Asia/Kolkata",
    "Asia/Tehran Iran",
    "Atlantic/Reykjavik Iceland",
    "Asia/Jerusalem Asia/Tel_Aviv Israel",
    "America/Jamaica Jamaica",
    "Asia/Tokyo Japan",
    "Asia/Seoul ROK",
    "Africa/Tripoli Libya",
    "Europe/Chisinau Europe/Tiraspol",
    "Pacific/Kwajalein Kwajalein",
    "Africa/Bamako Africa/Timbuktu",
    "Asia/Rangoon Asia/Yangon",
    "Asia/Ulaanbaatar Asia/Ulan_Bator",
    "Asia/Macau Asia/Macao",
    "America/Mexico_City Mexico/General",
    "America/Mazatlan Mexico/BajaSur",
    "America/Tijuana America/Ensenada Mexico/BajaNorte",
    "Asia/Katmandu Asia/Kathmandu",
    "Pacific/Auckland Antarctica/South_Pole NZ",
    "Pacific/Chatham NZ-CHAT",
    "Europe/Warsaw Poland",
    "Europe/Lisbon Portugal",
    "Europe/Moscow W-SU",
    "Asia/Singapore Singapore",
    "Arctic/Longyearbyen Atlantic/Jan_Mayen",
    "Asia/Ashgabat Asia/Ashkhabad",
    "Europe/Istanbul Asia/Istanbul Turkey",
    "Asia/Taipei ROC",
    "America/Adak America/Atka US/Aleutian",
    "America/Anchorage US/Alaska",
    "America/Chicago US/Central",
    "America/Denver America/Shiprock Navajo US/Mountain",
    "America/Detroit US/Michigan",
    "Pacific/Honolulu US/Hawaii",
    "America/Indianapolis America/Fort_Wayne America/Indiana/Indianapolis US/East-Indiana",
    "America/Indiana/Knox America/Knox_IN US/Indiana-Starke",
    "America/Los_Angeles US/Pacific US/Pacific-New",
    "America/Louisville America/Kentucky/Louisville",
    "America/New_York US/Eastern",
    "America/Phoenix US/Arizona",
    "Etc/UTC Etc/UCT Etc/Universal Etc/Zulu UCT UTC Universal Zulu",
    "Etc/GMT+5 EST",
    "Etc/GMT+7 MST",
    "Etc/GMT+10 HST",
    "America/St_Thomas America/Virgin",
    "Asia/Saigon Asia/Ho_Chi_Minh", // Renamed in tzdata 2022b/2021b; newer CLDR lists them, the transcribed copy does not.
    "Europe/Kiev Europe/Kyiv",
    "Pacific/Enderbury Pacific/Kanton",
];

/// The Windows id for an IANA zone (`Europe/Berlin` → `W. Europe Standard Time`), through
/// CLDR's aliases when the name itself is not in the table.
pub fn windows_id(iana: &str) -> Option<&'static str> {
    let direct = |name: &str| {
        rows()
            .find(|(_, _, zones)| zones.split(' ').any(|z| z == name))
            .map(|(id, _, _)| id)
    };
    direct(iana).or_else(|| {
        let group = IANA_ALIASES
            .iter()
            .find(|g| g.split(' ').any(|z| z == iana))?;
        group.split(' ').find_map(direct)
    })
}

/// Every Windows id with its representative IANA zone, in CLDR's order (by UTC offset).
pub fn windows_ids() -> impl Iterator<Item = (&'static str, &'static str)> {
    rows()
        .filter(|(_, t, _)| *t == "001")
        .map(|(id, _, zones)| (id, zones))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_common_zones() {
        assert_eq!(windows_id("Europe/Berlin"), Some("W. Europe Standard Time"));
        assert_eq!(windows_id("Europe/London"), Some("GMT Standard Time"));
        assert_eq!(
            windows_id("America/New_York"),
            Some("Eastern Standard Time")
        );
        assert_eq!(windows_id("Asia/Tokyo"), Some("Tokyo Standard Time"));
        assert_eq!(windows_id("UTC"), Some("UTC"));
        // Browsers say Kolkata and Kyiv; CLDR's table says Calcutta and Kiev.
        assert_eq!(windows_id("Asia/Kolkata"), Some("India Standard Time"));
        assert_eq!(windows_id("Europe/Kyiv"), Some("FLE Standard Time"));
        assert_eq!(windows_id("Mars/Olympus_Mons"), None);
    }

    #[test]
    fn every_windows_id_is_listed_once() {
        let ids: Vec<_> = windows_ids().map(|(id, _)| id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len());
        assert!(ids.len() > 130);
        // Every line of the table is a whole row.
        assert_eq!(rows().count(), WINDOWS_ZONES.lines().count());
        assert_eq!(rows().count(), 475);
    }
}
