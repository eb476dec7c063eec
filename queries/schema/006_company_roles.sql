-- 006: every role of a company, not only its first. Google is a cloud and a model maker, so
-- "Google's models via Oracle" is a rival cloud distributing a model maker (watch item 2).
-- Stateful: replaced from data/gazetteer.jsonl ("role" and "also_roles") at each refresh,
-- with store.companies (which keeps the primary role).
CREATE TABLE store.company_roles (
    name VARCHAR NOT NULL,                 -- canonical name, as events.actors spells it
    role VARCHAR NOT NULL,                 -- model_maker | cloud | platform | chips | other
    PRIMARY KEY (name, role)
);
