/**
 * The films and virtual tours every programme starts with (staff add their own per programme).
 * Inserted by the CultureCatalogue migration: a change here needs a new migration to reach a
 * database that already has them.
 *
 * Films: well known and easy to rent or stream. `ageRating` is the US MPA rating; `minAge` is the
 * youngest age we offer it to (G 0, PG 8, PG-13 13, R 17), compared with the programme's
 * youngest participant age. Runtimes are the theatrical cut, in minutes.
 */
export interface FilmSeed {
  title: string;
  year: number;
  runtimeMinutes: number;
  ageRating: 'G' | 'PG' | 'PG-13' | 'R';
  minAge: number;
  themes: string[];
  discussionAngle: string;
}

export interface TourSeed {
  name: string;
  url: string;
  lookAt: string;
  careerQuestion: string;
}

export const MIN_AGE_BY_RATING = { G: 0, PG: 8, 'PG-13': 13, R: 17 } as const;

const film = (
  title: string,
  year: number,
  runtimeMinutes: number,
  ageRating: FilmSeed['ageRating'],
  themes: string[],
  discussionAngle: string,
): FilmSeed => ({
  title,
  year,
  runtimeMinutes,
  ageRating,
  minAge: MIN_AGE_BY_RATING[ageRating],
  themes,
  discussionAngle,
});

export const DEFAULT_FILMS: readonly FilmSeed[] = [
  film(
    'Ratatouille',
    2007,
    111,
    'G',
    ['talent', 'craft', 'belonging'],
    'Remy’s talent comes from an unlikely place: who decides who is allowed to be good at something?',
  ),
  film(
    'Toy Story',
    1995,
    81,
    'G',
    ['friendship', 'jealousy', 'change'],
    'Woody fears being replaced by someone new: how do you handle a newcomer who seems better?',
  ),
  film(
    'Finding Nemo',
    2003,
    100,
    'G',
    ['independence', 'trust', 'fear'],
    'Marlin has to let Nemo take risks: when did someone trust you with something before you felt ready?',
  ),
  film(
    'WALL-E',
    2008,
    98,
    'G',
    ['care', 'habits', 'courage'],
    'WALL-E keeps doing his job long after everyone left: what keeps you going when nobody is watching?',
  ),
  film(
    'Hidden Figures',
    2016,
    127,
    'PG',
    ['STEM careers', 'recognition', 'persistence'],
    'Each of the three women gets ahead in a different way: which way is closest to how you would do it?',
  ),
  film(
    'Paddington 2',
    2017,
    103,
    'PG',
    ['kindness', 'reputation', 'community'],
    'Paddington changes a prison with good manners: when has kindness changed a place you were in?',
  ),
  film(
    'Inside Out',
    2015,
    95,
    'PG',
    ['emotions', 'change', 'growing up'],
    'Sadness turns out to be useful: when did a hard feeling help you decide something?',
  ),
  film(
    'Akeelah and the Bee',
    2006,
    112,
    'PG',
    ['learning', 'mentoring', 'community'],
    'Akeelah has a coach and a whole neighbourhood helping: who is on your team?',
  ),
  film(
    'Spider-Man: Into the Spider-Verse',
    2018,
    117,
    'PG',
    ['identity', 'confidence', 'mentoring'],
    'Miles learns from mentors who get things wrong: what can you learn from someone’s mistakes?',
  ),
  film(
    'Queen of Katwe',
    2016,
    124,
    'PG',
    ['talent', 'opportunity', 'family'],
    'Phiona’s chance depends on one teacher noticing her: who noticed something in you first?',
  ),
  film(
    'Apollo 13',
    1995,
    140,
    'PG',
    ['teamwork', 'problem solving', 'pressure'],
    'The team on the ground solves a problem with what is on the table: how do you work when plans fail?',
  ),
  film(
    'Coco',
    2017,
    105,
    'PG',
    ['family', 'ambition', 'memory'],
    'Miguel has to choose between his dream and his family’s rules: is there a way to have both?',
  ),
  film(
    'October Sky',
    1999,
    108,
    'PG',
    ['STEM careers', 'ambition', 'expectations'],
    'Homer’s path is not the one his town expects: what is expected of you, and what do you want?',
  ),
  film(
    'Soul',
    2020,
    100,
    'PG',
    ['purpose', 'passion', 'everyday life'],
    'Joe thinks his purpose is one big dream: what small everyday things matter to you?',
  ),
  film(
    'The Martian',
    2015,
    144,
    'PG-13',
    ['problem solving', 'resilience', 'science'],
    'Mark solves one problem at a time: how do you break a big problem into small ones?',
  ),
  film(
    'The Pursuit of Happyness',
    2006,
    117,
    'PG-13',
    ['career change', 'resilience', 'parenthood'],
    'Chris takes an unpaid internship while everything goes wrong: what would you risk for a chance?',
  ),
  film(
    'The Intern',
    2015,
    121,
    'PG-13',
    ['mentoring', 'age', 'workplace'],
    'Ben and Jules mentor each other: what could an older or younger colleague teach you?',
  ),
  film(
    'Moneyball',
    2011,
    133,
    'PG-13',
    ['data', 'doing things differently', 'teams'],
    'Billy changes how a team is built and is doubted all the way: when did you try a new way?',
  ),
  film(
    'Billy Elliot',
    2000,
    110,
    'R',
    ['expectations', 'talent', 'family'],
    'Billy’s father changes his mind: what changes someone’s mind about what you can do?',
  ),
  film(
    'Good Will Hunting',
    1997,
    126,
    'R',
    ['potential', 'trust', 'choices'],
    'Will is brilliant and afraid of choosing: what stops people from using a talent they have?',
  ),
  film(
    'Chef',
    2014,
    114,
    'R',
    ['starting over', 'craft', 'family'],
    'Carl starts again with a food truck: what would you do if you could start over tomorrow?',
  ),
];

/** Real museums' own virtual tours or their Google Arts & Culture pages (street view inside). */
export const DEFAULT_TOURS: readonly TourSeed[] = [
  {
    name: 'The Louvre, Paris',
    url: 'https://www.louvre.fr/en/online-tours',
    lookAt:
      'Pick one room and look for an object someone made for a job: a tool, a seal, a portrait ordered by a client.',
    careerQuestion: 'Who do you think made it, and what would that job be called today?',
  },
  {
    name: 'Smithsonian National Museum of Natural History, Washington',
    url: 'https://naturalhistory.si.edu/visit/virtual-tour',
    lookAt: 'Walk the halls and stop at one display that made you curious, fossil, gem or animal.',
    careerQuestion: 'How many different jobs does it take to put that display in front of you?',
  },
  {
    name: 'The British Museum, London',
    url: 'https://artsandculture.google.com/partner/the-british-museum',
    lookAt: 'Find one everyday object from long ago: a coin, a cup, a game.',
    careerQuestion: 'Which skill from that maker’s life would still be useful at work today?',
  },
  {
    name: 'Van Gogh Museum, Amsterdam',
    url: 'https://artsandculture.google.com/partner/van-gogh-museum',
    lookAt: 'Compare an early dark painting with a later bright one.',
    careerQuestion: 'Van Gogh changed his style many times: what have you changed your mind about?',
  },
  {
    name: 'The Metropolitan Museum of Art, New York',
    url: 'https://artsandculture.google.com/partner/the-metropolitan-museum-of-art',
    lookAt: 'Find a piece made by a team (armour, a temple, a tapestry) rather than by one person.',
    careerQuestion: 'Which role in that team would you have wanted, and why?',
  },
  {
    name: 'Musée d’Orsay, Paris',
    url: 'https://artsandculture.google.com/partner/musee-dorsay-paris',
    lookAt:
      'The building was a railway station: look for a painting of work, a station, a field, a workshop.',
    careerQuestion: 'What work do the people in it do, and does it look like work anyone does now?',
  },
  {
    name: 'Rijksmuseum, Amsterdam',
    url: 'https://artsandculture.google.com/partner/rijksmuseum',
    lookAt: 'Look at the people in a group portrait like The Night Watch: who stands out, who is hidden?',
    careerQuestion: 'In a team, how do you make sure your work is seen?',
  },
  {
    name: 'Uffizi Gallery, Florence',
    url: 'https://artsandculture.google.com/partner/uffizi-gallery',
    lookAt: 'Find a painting where an apprentice may have helped the master.',
    careerQuestion: 'What have you learned by working next to someone more experienced?',
  },
  {
    name: 'MoMA, The Museum of Modern Art, New York',
    url: 'https://artsandculture.google.com/partner/moma-the-museum-of-modern-art',
    lookAt: 'Find an object of design, a chair, a poster, a phone, rather than a painting.',
    careerQuestion: 'Someone designed it for a job: what problem were they solving?',
  },
  {
    name: 'National Museums of Kenya, Nairobi',
    url: 'https://artsandculture.google.com/partner/national-museums-of-kenya',
    lookAt: 'Find a story about a person who changed their community.',
    careerQuestion: 'What did they need to learn to do it?',
  },
];
