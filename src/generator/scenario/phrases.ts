// Everyday lines in each language of the scenario, for background conversations. Every language
// has ordinary chatter as well as pattern text, so language itself never marks a pattern.
// Each line is a complete, natural sentence in its language (labels are BCP-47 tags).

export const EN_GB_FRIENDS = [
  'you coming football Saturday?',
  'that was well jokes last night 😂',
  'proper knackered mate, early one for me',
  'fancy a cheeky nandos after work?',
  'cheers for sorting that, nice one',
  'gutted about the match, ref was shocking',
  'running late, be there in 10',
  'did you see what he posted? mental',
  "can't be bothered with the gym today tbh",
  'what time does it start?',
  'just seen your message, sound',
  'bus is rammed again, absolute joke',
  "it's chucking it down here",
  'you alright? haven’t heard from you in ages',
  'laters 👋',
];

export const EN_GB_FAMILY = [
  "tea's at 6, don't be late",
  'where are you? text me back please',
  'can you pick up some milk on the way home?',
  'nan says thank you for the flowers',
  'have you done your homework?',
  'school rang, call me when you can',
  "I'm at work till 8, dinner's in the fridge",
  'love you, see you later x',
  "don't forget your PE kit tomorrow",
  'who were you with last night?',
];

export const EN_GB_TEEN = [
  'did u do the maths homework',
  'omg she is so annoying',
  'lol same',
  'can u send me the notes from history',
  'r u going to the party on friday',
  'my mum wont let me go out',
  'sooo bored rn',
  'see u at the bus stop',
  'hahaha thats so funny',
  'good luck on ur test tmrw',
];

export const PL_FAMILY = [
  'Gdzie jesteś? Obiad jest już gotowy.',
  'Wróć do domu przed dziesiątą, proszę.',
  'Czy możesz kupić chleb i mleko w drodze do domu?',
  'Dzwoniłam do ciebie trzy razy. Oddzwoń, jak tylko to przeczytasz.',
  'Babcia pyta, czy przyjedziesz w niedzielę.',
  'Dobranoc, kochanie. Kocham cię.',
  'Tata wraca jutro z pracy o szóstej.',
  'Nie odbierasz telefonu. Napisz, proszę, że wszystko w porządku.',
  'Zrobiłam pierogi, zostawiłam ci trochę w lodówce.',
  'Pamiętaj, że jutro masz wizytę u dentysty.',
];

/** Pattern-relevant lines a worried parent writes (unexplained goods, missing school). */
export const PL_WORRIED = [
  'Szkoła dzwoniła, że nie było cię dzisiaj na lekcjach.',
  'Skąd masz te nowe buty? Kto ci je kupił?',
  'Martwię się o ciebie. Kim są ci nowi koledzy?',
  'Znowu wróciłeś o trzeciej w nocy. Tak dalej być nie może.',
];

export const RO_FAMILY = [
  'Mamă, sunt bine, nu-ți face griji.',
  'Te sun duminică dacă pot.',
  'Ce mai face tata? I-a trecut tusea?',
  'Aici plouă mereu. Mi-e dor de casă.',
  'Am primit poza cu nepoțelul, e foarte frumos.',
  'Spune-i bunicii că o iubesc.',
  'Mâncarea de aici nu e ca a ta.',
  'Noapte bună, vorbim mâine.',
];

export const SQ_FRIENDS = [
  'Si je, vëlla? Kemi kohë pa folur.',
  'Nesër është ditëlindja e mamit, mos harro ta marrësh në telefon.',
  'Do të vij për darkë rreth orës tetë.',
  'Faleminderit për ndihmën, të kam borxh.',
  'Ku je? Të pres te kafeneja.',
  'A e pe ndeshjen mbrëmë?',
  'Më thuaj kur të lirohesh.',
  'Gjithë të mirat, flasim më vonë.',
];

export const VI_FAMILY = [
  'Mẹ ơi, con vẫn khỏe, mẹ đừng lo.',
  'Hôm nay trời lạnh lắm.',
  'Con nhớ nhà lắm.',
  'Bố mẹ ăn cơm chưa?',
  'Chúc mừng sinh nhật em gái! Chị thương em nhiều.',
  'Khi nào con về được con sẽ báo mẹ.',
  'Con đã nhận được ảnh rồi, đẹp quá.',
  'Chúc cả nhà ngủ ngon.',
];

export const ES_FAMILY = [
  '¿Qué quieres cenar esta noche? Puedo comprar pollo.',
  'Llego tarde del trabajo, hay mucho tráfico en la M1.',
  'Mi madre te manda saludos.',
  '¿Has visto el partido? ¡Qué golazo!',
  'No te olvides de que mañana tenemos cita con el médico a las diez.',
  'Te quiero mucho. Buenas noches.',
  '¿Puedes recoger a los niños del colegio hoy?',
  'Ya he pagado la luz y el agua.',
  '¿Vamos al cine el sábado?',
  'Estoy en el supermercado, ¿necesitas algo?',
  'Hace un frío horrible hoy.',
  'Llámame cuando salgas del trabajo.',
];

export const ES_FRIENDS = [
  '¿Qué tal todo, tío? Hace mucho que no hablamos.',
  'El domingo hay barbacoa en casa de Pedro, ¿te vienes?',
  'Perdona, no vi tu mensaje. Estaba conduciendo.',
  'Vale, nos vemos a las ocho en la puerta del bar.',
  '¿Me puedes prestar el taladro este fin de semana?',
  'Feliz cumpleaños, hermano. ¡Que cumplas muchos más!',
  'Jajaja, qué bueno.',
  'Mañana te paso las fotos del viaje.',
];

export const UR_FAMILY = [
  'کیا تم نے کھانا کھا لیا؟',
  'بیٹا، سکول کے بعد سیدھا گھر آنا۔',
  'امی کی طبیعت اب بہتر ہے۔',
  'میں دکان پر ہوں، کچھ چاہیے تو بتا دینا۔',
  'شام کو بارش ہو سکتی ہے، چھتری ساتھ رکھنا۔',
  'اللہ حافظ، کل بات کریں گے۔',
];

export const UR_LATN_FAMILY = [
  'Khana kha liya?',
  'Beta, school ke baad seedha ghar aana.',
  'Ammi ki tabiyat ab behtar hai.',
  'Main dukaan pe hoon, kuch chahiye to bata dena.',
  'Aaj bohat thand hai, jacket pehen ke jana.',
  'Theek hai, shaam ko baat karte hain.',
];

/** Lines customers text a deal line (UK slang). */
export const EN_GB_CUSTOMER = [
  'u on?',
  'you about? need 1 white',
  'can I get 2 at the usual',
  'kay u on yet',
  'outside the co-op now',
  'how long mate',
  'need a 3 for 25 if u doing it',
  'here now, by the bins',
  'got a new face for u, my mate wants 1',
  'u doing dark today',
];

export const RO_SPOUSE = [
  'Ce mai faci? Copiii întreabă de tine.',
  'Vii acasă la cină?',
  'Am plătit factura la curent.',
  'Nu uita că duminică e ziua mamei tale.',
  'Te iubesc. Noapte bună.',
  'Cumpără și pâine când vii, te rog.',
];

/** A young woman writing to her cousin in the UK, and the cousin's answers. */
export const VI_COUSIN = [
  'Chị ơi, hôm nay em được nghỉ một chút.',
  'Chị có khỏe không? Bé nhà chị thế nào rồi?',
  'Em nhớ món phở của mẹ quá.',
  'Ở đây trời mưa suốt, lạnh lắm chị ạ.',
  'Chị gửi lời hỏi thăm cả nhà giúp em nhé.',
  'Cuối tuần này chị có bận không?',
];
export const VI_COUSIN_REPLY = [
  'Chị khỏe, em đừng lo cho chị.',
  'Bé nhà chị đi học rồi, ngoan lắm.',
  'Em nhớ ăn uống đầy đủ nhé.',
  'Chị sẽ nhắn cho mẹ em.',
  'Ngủ ngon em nhé.',
];
