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
    notes        VARCHAR
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
    source_id        VARCHAR NOT NULL REFERENCES source (source_id),
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
