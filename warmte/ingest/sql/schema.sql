-- Warmtemonitor database schema. Every table row points to a row of `source`.
-- Column units are in the names or in the comments; shares are 0..1.

CREATE TABLE source (
    source_id    VARCHAR PRIMARY KEY,   -- short stable key, e.g. 'cbs_85984ned'
    publisher    VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    url          VARCHAR,
    licence      VARCHAR,
    kind         VARCHAR NOT NULL CHECK (kind IN ('official', 'compiled', 'illustrative')),
    retrieved    VARCHAR,               -- ISO date the raw file was retrieved or the layer generated
    file         VARCHAR,               -- raw file (relative to the sources dir) or generator
    sha256       VARCHAR,
    row_count    INTEGER,
    notes        VARCHAR,
    reference_date VARCHAR              -- the date (or period) the data describes, as the provenance gives it
);

CREATE TABLE build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE province (
    code      VARCHAR PRIMARY KEY,       -- PVxx
    name      VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source (source_id)
);

CREATE TABLE res_region (
    code      VARCHAR PRIMARY KEY,       -- ESxx
    name      VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source (source_id)
);

CREATE TABLE municipality (
    code             VARCHAR PRIMARY KEY, -- GMxxxx
    name             VARCHAR NOT NULL,
    province_code    VARCHAR NOT NULL REFERENCES province (code),
    res_code         VARCHAR NOT NULL REFERENCES res_region (code),
    population       INTEGER,             -- inhabitants on 1 Jan 2024 (CBS 85984NED)
    land_area_ha     INTEGER,
    density_per_km2  INTEGER,             -- inhabitants per km2 land
    housing_stock_2025 INTEGER,           -- homes on 1 Jan 2025 (CBS 86165NED), a stock year of its own
    source_id        VARCHAR NOT NULL REFERENCES source (source_id),
    stock_2025_source_id VARCHAR REFERENCES source (source_id),
    province_source_id VARCHAR NOT NULL REFERENCES source (source_id),
    res_source_id    VARCHAR NOT NULL REFERENCES source (source_id)
);

-- Simplified geometry per level, GeoJSON geometry in WGS84 (EPSG:4326).
CREATE TABLE geometry (
    level     VARCHAR NOT NULL CHECK (level IN ('gemeente', 'provincie', 'res')),
    code      VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    geojson   VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL REFERENCES source (source_id),
    PRIMARY KEY (level, code)
);

-- Housing per municipality per year (observation on 1 January of `year`).
CREATE TABLE housing (
    municipality_code VARCHAR NOT NULL REFERENCES municipality (code),
    year              INTEGER NOT NULL,
    housing_stock     INTEGER NOT NULL CHECK (housing_stock >= 0),   -- homes
    gas_free_homes    INTEGER CHECK (gas_free_homes >= 0),           -- homes without natural gas
    hybrid_homes      INTEGER CHECK (hybrid_homes >= 0),             -- "bijna aardgasvrij"
    stock_kind        VARCHAR NOT NULL,
    gas_free_kind     VARCHAR,
    hybrid_kind       VARCHAR,
    stock_source_id   VARCHAR NOT NULL REFERENCES source (source_id),
    gas_free_source_id VARCHAR REFERENCES source (source_id),
    hybrid_source_id  VARCHAR REFERENCES source (source_id),
    PRIMARY KEY (municipality_code, year)
);

-- The national series known from CBS (shares 0..1, stock in homes).
CREATE TABLE national_series (
    year            INTEGER PRIMARY KEY,
    housing_stock   INTEGER NOT NULL,
    gas_free_share  DOUBLE,
    hybrid_share    DOUBLE,
    stock_kind      VARCHAR NOT NULL,
    gas_free_kind   VARCHAR,
    hybrid_kind     VARCHAR,
    source_id       VARCHAR NOT NULL REFERENCES source (source_id),
    stock_note      VARCHAR
);

-- Facts gathered from publications (the national facts list, verbatim).
CREATE TABLE fact (
    fact_id          INTEGER PRIMARY KEY,
    topic            VARCHAR,
    indicator        VARCHAR,
    value            VARCHAR,
    unit             VARCHAR,
    reference_period VARCHAR,
    geography        VARCHAR,
    publisher        VARCHAR,
    publication      VARCHAR,
    url              VARCHAR,
    notes            VARCHAR,
    source_id        VARCHAR NOT NULL REFERENCES source (source_id)
);

CREATE TABLE initiative (
    initiative_id     VARCHAR PRIMARY KEY,
    name              VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL REFERENCES municipality (code),
    place             VARCHAR,
    org_type          VARCHAR,             -- cooperative, residents' initiative, ...
    technology        VARCHAR NOT NULL,    -- see warmte.model.TECHNOLOGIES
    focus             VARCHAR,
    municipal_role    VARCHAR,             -- partner / supporter / none / NULL unknown
    homes_planned     INTEGER,
    volunteers        INTEGER,             -- capacity: active volunteers
    professional_support BOOLEAN,          -- capacity: paid project developer or advisor
    url               VARCHAR,
    status_text       VARCHAR,             -- the status as the source gives it (named initiatives)
    source_date       VARCHAR,             -- the date of that status in the source (YYYY-MM)
    note              VARCHAR,
    data_kind         VARCHAR NOT NULL,
    source_id         VARCHAR NOT NULL REFERENCES source (source_id)
);

-- Phase history: one row per phase an initiative entered. end_date NULL = current.
CREATE TABLE initiative_phase (
    initiative_id VARCHAR NOT NULL REFERENCES initiative (initiative_id),
    phase         VARCHAR NOT NULL,
    start_date    DATE NOT NULL,
    end_date      DATE,
    source_id     VARCHAR NOT NULL REFERENCES source (source_id),
    PRIMARY KEY (initiative_id, start_date)
);

-- Council involvement indicators per municipality per year.
CREATE TABLE council_indicator (
    municipality_code VARCHAR NOT NULL REFERENCES municipality (code),
    year              INTEGER NOT NULL,
    tvw_adopted       BOOLEAN NOT NULL,
    tvw_adopted_date  DATE,
    wup_adopted       BOOLEAN NOT NULL,
    heat_debates      INTEGER NOT NULL CHECK (heat_debates >= 0),
    heat_motions      INTEGER NOT NULL CHECK (heat_motions >= 0),
    budget_allocated  BOOLEAN NOT NULL,
    informed_of_share BOOLEAN NOT NULL,
    data_kind         VARCHAR NOT NULL,
    source_id         VARCHAR NOT NULL REFERENCES source (source_id),
    PRIMARY KEY (municipality_code, year)
);

CREATE TABLE paw_proeftuin (
    proeftuin_id      INTEGER PRIMARY KEY,
    round             INTEGER NOT NULL,
    year_selected     INTEGER NOT NULL,
    municipality_code VARCHAR NOT NULL REFERENCES municipality (code),
    municipality_name_source VARCHAR,
    neighbourhood     VARCHAR,
    technology_text   VARCHAR,
    local_initiative  VARCHAR,
    homes_text        VARCHAR,
    contribution_text VARCHAR,
    confirmation      VARCHAR,
    confirmed         BOOLEAN NOT NULL,
    url               VARCHAR,
    source_id         VARCHAR NOT NULL REFERENCES source (source_id)
);

-- CBS energy figures per municipality (one year): shares 0..1, NULL = not published by CBS.
CREATE TABLE municipal_energy (
    municipality_code        VARCHAR NOT NULL REFERENCES municipality (code),
    year                     INTEGER NOT NULL,
    gas_free_share           DOUBLE,   -- homes without natural gas, whole percent (KWB 2024, 85984NED)
    district_heating_share   DOUBLE,   -- homes on district heating (86333NED)
    gas_m3_per_home          DOUBLE,   -- average natural gas use per home (86333NED)
    electricity_kwh_per_home DOUBLE,   -- average electricity use per home (86333NED)
    solar_share              DOUBLE,   -- homes with solar power, whole percent (KWB 2024)
    source_id                VARCHAR NOT NULL REFERENCES source (source_id),
    PRIMARY KEY (municipality_code, year)
);

-- Main heating installation per municipality and year (CBS maatwerk); shares 0..1, NULL = suppressed.
CREATE TABLE heating_mix (
    municipality_code              VARCHAR NOT NULL REFERENCES municipality (code),
    year                           INTEGER NOT NULL,
    individual_boiler_share        DOUBLE,
    block_heating_share            DOUBLE,
    district_heating_high_gas_share DOUBLE,
    district_heating_low_gas_share DOUBLE,
    district_heating_no_gas_share  DOUBLE,
    electric_high_gas_share        DOUBLE,
    electric_low_gas_share         DOUBLE,
    district_heating_share         DOUBLE,  -- the three district-heating columns; NULL when any is suppressed
    source_id                      VARCHAR NOT NULL REFERENCES source (source_id),
    PRIMARY KEY (municipality_code, year)
);

-- Heat networks in development (RVO WarmteAtlas), one row per project.
CREATE TABLE heat_project (
    project_id         VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    municipality_code  VARCHAR NOT NULL REFERENCES municipality (code),
    place              VARCHAR,
    phase              VARCHAR NOT NULL CHECK (phase IN ('ontwikkelfase', 'planuitwerkingsfase', 'uitvoeringsfase',
                                                         'realisatie onzeker')),
    homes_planned      INTEGER CHECK (homes_planned >= 0),   -- NULL = not known (NB)
    homes_planned_text VARCHAR,                               -- the source's text where it is not a plain number
    resident_led       BOOLEAN NOT NULL,                      -- a resident initiative leads the project
    temperature        VARCHAR,
    heat_source        VARCHAR,
    initiator          VARCHAR,
    supplier           VARCHAR,
    status_date        DATE,
    status_date_text   VARCHAR,                               -- as the source gives it
    url                VARCHAR,                               -- first link of `links`
    links              VARCHAR,
    neighbourhood_code VARCHAR,
    lat                DOUBLE,
    lon                DOUBLE,
    source_id          VARCHAR NOT NULL REFERENCES source (source_id)
);

-- Transitievisie warmte status per municipality as reported to the WarmteAtlas (verbatim text and link).
CREATE TABLE tvw_status (
    municipality_code VARCHAR PRIMARY KEY REFERENCES municipality (code),
    name_source       VARCHAR,
    status_text       VARCHAR NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('adopted_by_council', 'adopted_by_executive',
                                                         'draft_adopted', 'ready_not_adopted', 'in_preparation')),
    status_code       INTEGER,
    document          VARCHAR,    -- as given by the source; NULL where it has none (#N/A)
    notes             VARCHAR,
    source_id         VARCHAR NOT NULL REFERENCES source (source_id)
);

-- Dwellings by type and construction period (Quintel ETLocal 2023), for the peer comparison.
CREATE TABLE housing_type (
    municipality_code VARCHAR PRIMARY KEY REFERENCES municipality (code),
    year              INTEGER NOT NULL,
    dwellings         INTEGER NOT NULL CHECK (dwellings > 0),
    apartment_share   DOUBLE NOT NULL CHECK (apartment_share BETWEEN 0 AND 1),
    pre1945_share     DOUBLE NOT NULL CHECK (pre1945_share BETWEEN 0 AND 1),
    source_id         VARCHAR NOT NULL REFERENCES source (source_id)
);
